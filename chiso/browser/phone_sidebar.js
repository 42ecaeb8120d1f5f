// On a phone the sidebar is a menu drawn over the page, not a layout (chiso.ui.browser_scripts draws
// this only for a phone's browser). Streamlit remembers whether it was open in localStorage, so a phone
// that once opened it to change a choice opened every later page, reload and link with the menu
// covering the page. Here nothing is remembered: each page opens with the menu closed.
(() => {
  if (window.chisoPhoneSidebar) return;
  window.chisoPhoneSidebar = true;
  const REMEMBERED = "stSidebarCollapsed-";
  const storage = window.localStorage;
  for (let i = storage.length - 1; i >= 0; i--) {
    const key = storage.key(i);
    if (key && key.startsWith(REMEMBERED)) storage.removeItem(key);
  }
  const setItem = storage.setItem.bind(storage);
  storage.setItem = (key, value) => {
    if (String(key).startsWith(REMEMBERED)) return;
    setItem(key, value);
  };
})();
