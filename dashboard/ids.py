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
# One set of filters for the whole view (map, list, tiles), a reset, and the view state.
OPS_KIND = "ops-kind"
OPS_STATUS = "ops-status"
OPS_AGENCY = "ops-agency"
OPS_NOTICE = "ops-notice"
OPS_WINDOW = "ops-window"
OPS_RESET = "ops-reset"
OPS_VIEW = "ops-view"

# Freshness, on every live page
FRESHNESS = "freshness"
FRESHNESS_TEXT = "freshness-text"
FRESHNESS_INFO = "freshness-info"
LAST_OK = "last-ok"
CLOCK = "clock"

# Notification tracking: detail panel, operator actions, alarms and figures
OPS_TIMELINE = "ops-timeline"
OPS_ACTIONS = "ops-actions"
OPS_ACTION_TYPE = "ops-action-type"
OPS_ACTION_AGENCY = "ops-action-agency"
OPS_ACTION_CHANNEL = "ops-action-channel"
OPS_ACTION_TIME = "ops-action-time"
OPS_ACTION_NOTE = "ops-action-note"
OPS_ACTION_SUBMIT = "ops-action-submit"
OPS_ACTION_STATUS = "ops-action-status"
OPS_ACTION_KEY = "ops-action-key"
OPS_ACTION_RESULT = "ops-action-result"
OPS_ALARMS = "ops-alarms"
OPS_ALARM_TICK = "ops-alarm-tick"
OPS_ALARM_SEEN = "ops-alarm-seen"
OPS_FIGURES = "ops-figures"
# Pattern-matching type of the live "waiting since the request" counters in the matrix.
ELAPSED = "elapsed"
OPS_DETAIL_VERSION = "ops-detail-version"

# Wall display
WALL_MAP = "wall-map"
WALL_KPIS = "wall-kpis"
WALL_TICK = "wall-tick"
WALL_SEQ = "wall-seq"
WALL_SCOPE = "wall-scope"
WALL_VIEWPORT = "wall-viewport"

# Admin page
ADMIN_AUDIT = "admin-audit"
ADMIN_REFRESH = "admin-refresh"
ADMIN_USERS = "admin-users"
USER_MENU = "user-menu"
