"""Pure figure and component builders: DataFrames in, figures or components out."""
