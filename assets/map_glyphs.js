// Show the kind glyphs (OP, ST, PR) only once the map is zoomed past clustering:
// MapLibre cannot draw text on clustered traces, and glyphs floating over clusters mislead.
// Glyphs are hidden by a transparent colour: Plotly never draws a text trace that was
// made visible after starting invisible.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  headsup_map: {
    glyphs: function (relayout, figure) {
      const noUpdate = window.dash_clientside.no_update;
      if (!relayout || relayout["map.zoom"] === undefined || !figure || !figure.layout) {
        return noUpdate;
      }
      const meta = figure.layout.meta || {};
      const colour = relayout["map.zoom"] >= meta.glyph_minzoom
        ? meta.glyph_colour : meta.hidden_glyph_colour;
      const isGlyph = (t) => t.mode === "text";
      if (figure.data.filter(isGlyph).every((t) => (t.textfont || {}).color === colour)) {
        return noUpdate;
      }
      const data = figure.data.map((t) => (isGlyph(t)
        ? Object.assign({}, t, { textfont: Object.assign({}, t.textfont, { color: colour }) })
        : t));
      return Object.assign({}, figure, { data: data });
    },
  },
});
