"""Rendering: what turns the domain's figures into text, Markdown, JSON and charts.

Everything a person reads (the recap table, the radar, the comparison and
history, the exports, value labels, French dates and numbers) is produced
here, from the domain's pure results, and shared by the CLI and the UI. This
package imports the domain and nothing of the store, the UI or Textual.
"""
