import streamlit as st
st.title('satisfaction')
