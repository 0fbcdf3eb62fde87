// The dashboard's login: posts the pasted key as JSON; the gateway answers with a session cookie.
"use strict";
document.getElementById("login-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const error = document.getElementById("login-error");
  error.hidden = true;
  const response = await fetch("/dashboard/login", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ apiKey: document.getElementById("api-key").value }),
    credentials: "same-origin",
  });
  if (response.ok) {
    window.location.assign("/dashboard/index.html");
    return;
  }
  let detail = "login failed (" + response.status + ")";
  try {
    detail = (await response.json()).detail || detail;
  } catch (e) {
    // not a problem body
  }
  error.textContent = detail;
  error.hidden = false;
});
