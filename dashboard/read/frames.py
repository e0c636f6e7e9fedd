"""Frame upkeep shared by the kept read models: replace a few rows without a rebuild."""

from __future__ import annotations

import numpy as np
import pandas as pd


def overwritten(
    old: pd.DataFrame, positions: np.ndarray, fresh: pd.DataFrame
) -> pd.DataFrame | None:
    """Return a copy of `old` with the rows at `positions` replaced by `fresh`, in order.

    The copy keeps `old`'s index object, and with it the lookup table pandas builds on
    first use, so the next lookup by id costs the ids asked, not a hash of every row (a
    mask and a concat make a new index). None when that is not a plain replacement:
    other columns or dtypes, or a row with no place in `old`.
    """
    if len(positions) != len(fresh) or (positions < 0).any():
        return None
    if list(fresh.columns) != list(old.columns) or not fresh.dtypes.equals(old.dtypes):
        return None
    columns = {}
    for name in old.columns:
        column = old[name].copy()
        column.iloc[positions] = fresh[name].array  # .array keeps tz-aware times native
        columns[name] = column
    return pd.DataFrame(columns, index=old.index)
