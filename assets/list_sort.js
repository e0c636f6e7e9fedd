// The incident list's one sort: alarmed rows first whichever way "Updated" is sorted, then
// by the UTC text (it orders like time across zones). One sorted column, so AG Grid draws
// no multi-sort index badge ("2") in the header, as a hidden second sort column made it.
window.dashAgGridFunctions = Object.assign({}, window.dashAgGridFunctions, {
  alarmedFirst: function (a, b, nodeA, nodeB, isDescending) {
    const alarm = ((nodeA && nodeA.data && nodeA.data.alarmed) || 0) -
      ((nodeB && nodeB.data && nodeB.data.alarmed) || 0);
    if (alarm !== 0) {
      // AG Grid negates a comparator's answer for a descending sort: undo that here.
      return isDescending ? alarm : -alarm;
    }
    return a === b ? 0 : (a < b ? -1 : 1);
  },
});
