// A phone's menu (the sidebar, drawn over the page) closes once its user has signed in: it stayed open
// over the page they signed in for, "Đã đăng nhập" its only news. chiso.ui_auth draws this only on a
// phone, in the run that follows a sign-in.
(() => {
  const until = Date.now() + 2000;
  const close = () => {
    const button = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
    if (button) {
      button.click();
      return;
    }
    if (Date.now() < until) setTimeout(close, 100);
  };
  close();
})();
