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

# Incidents entered by hand (the report form) and status changes with a note.
# Not "ops-status-*": Dash 4 dropdowns render `<id>-value`, so the status filter
# "ops-status" would own an element "ops-status-value".
OPS_REPORT = "ops-report"
OPS_REPORT_KIND = "ops-report-kind"
OPS_REPORT_TITLE = "ops-report-title"
OPS_REPORT_ADDRESS = "ops-report-address"
OPS_REPORT_LAT = "ops-report-lat"
OPS_REPORT_LON = "ops-report-lon"
OPS_REPORT_CITY = "ops-report-city"
OPS_REPORT_TIME = "ops-report-time"
OPS_REPORT_SUBMIT = "ops-report-submit"
OPS_REPORT_STATUS = "ops-report-status"
OPS_REPORT_KEY = "ops-report-key"
OPS_REPORT_RESULT = "ops-report-result"
OPS_STATUS_FORM = "ops-change-form"
OPS_STATUS_FOR = "ops-change-for"
OPS_STATUS_VALUE = "ops-change-to"
OPS_STATUS_NOTE = "ops-change-note"
OPS_STATUS_SUBMIT = "ops-change-submit"
OPS_STATUS_MESSAGE = "ops-change-message"
OPS_STATUS_KEY = "ops-change-key"
OPS_STATUS_RESULT = "ops-change-result"
