import streamlit as st
st.title('cases')
