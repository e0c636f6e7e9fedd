"""Component ids, shared by layouts, callbacks and tests."""

# Operations view
OPS_MAP = "ops-map"
OPS_GRID = "ops-grid"
OPS_KPIS = "ops-kpis"
OPS_DETAIL = "ops-detail"
OPS_CITY = "ops-city"
OPS_SELECTED = "ops-selected"
OPS_SEQ = "ops-seq"
OPS_TICK = "ops-tick"
OPS_BANNER = "ops-banner"

# Freshness, on every live page
FRESHNESS = "freshness"
FRESHNESS_TEXT = "freshness-text"
FRESHNESS_INFO = "freshness-info"
LAST_OK = "last-ok"
CLOCK = "clock"

# Wall display
WALL_MAP = "wall-map"
WALL_KPIS = "wall-kpis"
WALL_TICK = "wall-tick"
WALL_SEQ = "wall-seq"
WALL_SCOPE = "wall-scope"

# Admin page
ADMIN_AUDIT = "admin-audit"
ADMIN_REFRESH = "admin-refresh"
ADMIN_USERS = "admin-users"
USER_MENU = "user-menu"
