import streamlit as st
st.title('alleys')
