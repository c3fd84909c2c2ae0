"""The Textual user interface. Screens and widgets only call the domain and the store."""
