"use strict";
// The phone's side of the room: follow the current practice, vote, change the vote until the reveal.
// Everything comes from the room's own server; nothing is fetched elsewhere.
(() => {
  const token = window.location.pathname.split("/").filter(Boolean)[0] || "";
  const base = "/" + token + "/";
  const $ = (id) => document.getElementById(id);

  function deviceId() {
    let id = null;
    try { id = window.localStorage.getItem("siae-appareil"); } catch (e) { id = null; }
    if (!id || !/^[A-Za-z0-9_-]{8,64}$/.test(id)) {
      const bytes = new Uint8Array(16);
      window.crypto.getRandomValues(bytes);
      id = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
      try { window.localStorage.setItem("siae-appareil", id); } catch (e) { /* private mode: one id per visit */ }
    }
    return id;
  }
  const device = deviceId();
  const nameKey = "siae-nom-" + token;
  let myName = null;
  try { myName = window.localStorage.getItem(nameKey); } catch (e) { myName = null; }
  let state = null;
  let round = null;
  let poller = null;

  function show(section) {
    for (const id of ["choix-nom", "vote", "attente", "erreur"]) $(id).hidden = id !== section;
  }

  function setLink(ok) {
    $("lien").textContent = ok ? "connecté" : "reconnexion…";
    $("lien").classList.toggle("coupe", !ok);
  }

  function chooseName(name) {
    myName = name;
    try { window.localStorage.setItem(nameKey, name); } catch (e) { /* kept for this visit only */ }
    render();
  }

  function render() {
    if (!state) return;
    if (state.tour !== round) { round = state.tour; $("message").textContent = ""; }
    if (!state.pratique) { show("attente"); return; }
    if (!state.anonyme && (!myName || !state.participants.includes(myName))) {
      const names = $("noms");
      names.replaceChildren(...state.participants.map((name) => {
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = name;
        button.addEventListener("click", () => chooseName(name));
        return button;
      }));
      show("choix-nom");
      return;
    }
    show("vote");
    $("qui").textContent = state.anonyme ? "Vote anonyme" : "Vous votez en tant que " + myName;
    $("changer-nom").hidden = state.anonyme || state.mon_vote !== null;
    $("pratique-id").textContent = "Pratique " + state.pratique.id;
    $("pratique-texte").textContent = state.pratique.texte;
    const buttons = $("boutons");
    if (buttons.childElementCount !== state.echelle.length) {
      buttons.replaceChildren(...state.echelle.map((level) => {
        const button = document.createElement("button");
        button.type = "button";
        button.dataset.valeur = level.valeur;
        const digit = document.createElement("span");
        digit.className = "chiffre";
        digit.textContent = level.valeur;
        const label = document.createElement("span");
        label.className = "libelle";
        label.textContent = level.libelle;
        button.append(digit, label);
        button.addEventListener("click", () => vote(level.valeur));
        return button;
      }));
    }
    for (const button of document.querySelectorAll("button[data-valeur]")) {
      button.classList.toggle("choisi", button.dataset.valeur === state.mon_vote);
      button.setAttribute("aria-pressed", String(button.dataset.valeur === state.mon_vote));
      button.disabled = state.revele;
    }
    if (state.revele) {
      $("message").textContent = "Votes dévoilés : regardez l'écran de la salle.";
    } else if (state.mon_vote !== null && !$("message").textContent) {
      $("message").textContent = "Vote enregistré : vous pouvez le changer jusqu'au dévoilement.";
    }
  }

  async function vote(valeur) {
    const body = { appareil: device, valeur: valeur };
    if (!state.anonyme) body.participant = myName;
    try {
      const response = await fetch(base + "vote?appareil=" + device, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
        cache: "no-store",
      });
      const answer = await response.json();
      if (response.ok) {
        state = answer;
        $("message").textContent = "Vote enregistré : vous pouvez le changer jusqu'au dévoilement.";
        render();
      } else {
        $("message").textContent = "Vote refusé : " + (answer.erreur || response.status);
        refresh();
      }
    } catch (e) {
      $("message").textContent = "Pas de réseau : votre vote n'est pas parti. Réessayez.";
    }
  }

  async function refresh() {
    try {
      const response = await fetch(base + "etat?appareil=" + device, { cache: "no-store" });
      if (response.status === 404) { show("erreur"); return; }
      if (!response.ok) return;
      state = await response.json();
      render();
    } catch (e) { setLink(false); }
  }

  function follow() {
    if (!window.EventSource) { poller = poller || window.setInterval(refresh, 3000); refresh(); return; }
    const stream = new EventSource(base + "flux?appareil=" + device);
    stream.onopen = () => setLink(true);
    stream.onmessage = (event) => { setLink(true); state = JSON.parse(event.data); render(); };
    // The browser reconnects by itself; meanwhile, ask now and then so nothing is missed.
    stream.onerror = () => { setLink(false); refresh(); };
  }

  // A phone that slept catches up as soon as it is looked at again.
  document.addEventListener("visibilitychange", () => { if (!document.hidden) refresh(); });
  // A wrong name can be changed as long as this phone has not voted on the practice.
  $("changer-nom").addEventListener("click", () => {
    myName = null;
    try { window.localStorage.removeItem(nameKey); } catch (e) { /* nothing kept */ }
    render();
  });
  for (const button of document.querySelectorAll(".autre")) {
    button.addEventListener("click", () => vote(button.dataset.valeur));
  }
  refresh().then(follow);
})();
