import streamlit as st
st.title('villages')
