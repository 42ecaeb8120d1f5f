// A fresh server's first visitor following a link to a page the app lacks (an old bookmark): Streamlit,
// still in its legacy pages/ mode, said so in its own dialog, in English, before app.py ran. The page
// says it in the user's language among its link notices; chiso.frame draws this only in that run, and
// it closes Streamlit's dialog (as it appears, or once it has).
(() => {
  const TITLE = "Page not found";  // Streamlit's own words (its frontend's onPageNotFound), never translated
  const until = Date.now() + 10000;
  const close = () => {
    for (const dialog of document.querySelectorAll('[role="dialog"]')) {
      const title = dialog.querySelector("h2");
      const button = dialog.querySelector('button[aria-label="Close"]');
      if (title && button && title.textContent.trim() === TITLE) {
        button.click();
        return;
      }
    }
    if (Date.now() < until) setTimeout(close, 100);
  };
  close();
})();
