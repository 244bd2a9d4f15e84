import streamlit as st
st.title('districts')
