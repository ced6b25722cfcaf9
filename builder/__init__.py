"""Solidarity Atlas: turn initiative folders into a static site."""
