// One step of the browser's history per page visit (chiso.ui.browser_scripts draws this).
// Streamlit adds two when a page is opened from the sidebar: its own push of the page's bare
// address, then the app's push of the address holding the user's choices, so Back first showed the
// same page again. The app's first address on a page it has just arrived at replaces the bare one;
// every later change of a choice is still a step Back undoes.
(() => {
  if (window.chisoOneStepPerPage) return;
  window.chisoOneStepPerPage = true;
  const history = window.history;
  const push = history.pushState.bind(history);
  const replace = history.replaceState.bind(history);
  const ARRIVED = "chisoArrived";  // marks an entry whose page has not written its address yet
  history.pushState = (state, unused, url) => {
    const next = new URL(url, window.location.href);
    if (next.pathname === window.location.pathname) {
      if (history.state && history.state[ARRIVED]) return replace(state, unused, url);
      return push(state, unused, url);
    }
    return push({...(state || {}), [ARRIVED]: true}, unused, url);
  };
  // An address without the language has not had the app's first write yet (the frame always writes
  // it): that write replaces it too. Usually the write has come first: the browser loads this code
  // after a tab's first run.
  if (!new URLSearchParams(window.location.search).has("lang")) {
    replace({...(history.state || {}), [ARRIVED]: true}, "", window.location.href);
  }
})();
