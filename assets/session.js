// When the server ends a session (signed out elsewhere, user disabled, kiosk revoked, timed
// out), callbacks answer 401. Go to the sign-in page rather than leave a screen that
// silently stops updating.
(function () {
  const original = window.fetch.bind(window);
  window.fetch = function (input, init) {
    return original(input, init).then(function (response) {
      const url = typeof input === "string" ? input : input.url;
      if (response.status === 401 && url.indexOf("/_dash-update-component") !== -1) {
        window.location.assign("/login?next=" + encodeURIComponent(window.location.pathname));
        // The page is leaving: keep the renderer from reporting a failed callback.
        return new Promise(function () {});
      }
      return response;
    });
  };
})();
