"use strict";
// The short address asks for the room code and goes to the room's page.
document.getElementById("rejoindre").addEventListener("submit", (event) => {
  event.preventDefault();
  const code = document.getElementById("code").value.toLowerCase().replace(/[^a-z0-9]/g, "");
  if (code) window.location.assign("/" + code + "/");
});
