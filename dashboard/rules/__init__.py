"""Pure rules over DataFrames: tracks, disputes, alarms, figures and headline counts."""
