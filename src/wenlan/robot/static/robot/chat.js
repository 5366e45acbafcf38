/* The robot's chat box on every public page. A button opens the panel (Escape or
   the close button shut it and give focus back); each question is POSTed to the
   API with the session and the CSRF token; answers are announced (aria-live) and
   drawn with textContent only, so nothing typed or answered is ever read as markup.
   The conversation goes on across pages of one tab (sessionStorage), and its last
   exchanges are drawn again on the next page (without their buttons: rating or
   handing over is done where the answer was first given). */
(function () {
  "use strict";
  var root = document.getElementById("robot");
  var stringsNode = document.getElementById("robot-strings");
  if (!root || !stringsNode || !window.fetch) { return; }
  var S = JSON.parse(stringsNode.textContent);
  var toggle = document.getElementById("robot-toggle");
  var panel = document.getElementById("robot-panel");
  var closer = document.getElementById("robot-close");
  var log = document.getElementById("robot-log");
  var form = document.getElementById("robot-form");
  var field = document.getElementById("robot-question");
  var askUrl = root.getAttribute("data-ask-url");
  var csrfToken = root.getAttribute("data-csrf-token");
  var language = root.getAttribute("data-language");
  var signedIn = root.hasAttribute("data-signed-in");
  var storeKey = "wenlan-robot-conversation";
  var transcriptKey = "wenlan-robot-transcript";
  var TRANSCRIPT_KEPT = 20;
  var busy = false;

  function conversationId() {
    try { return parseInt(window.sessionStorage.getItem(storeKey), 10) || null; } catch (e) { return null; }
  }
  function rememberConversation(id) {
    try { window.sessionStorage.setItem(storeKey, String(id)); } catch (e) { /* private mode */ }
  }
  /* The transcript belongs to the session that made it (data-owner, a mark of the
     session): after signing in or out, or for the next person at a shared screen,
     it is dropped. A visitor's first question makes their session: a transcript
     kept with no owner yet is adopted by the first session that follows. */
  var owner = root.getAttribute("data-owner") || "";
  function transcript() {
    try {
      var kept = JSON.parse(window.sessionStorage.getItem(transcriptKey) || "null");
      if (!kept || !Array.isArray(kept.entries)) { return []; }
      if (kept.owner !== owner && !(kept.owner === "" && owner)) {
        window.sessionStorage.removeItem(transcriptKey);
        window.sessionStorage.removeItem(storeKey);
        return [];
      }
      return kept.entries;
    } catch (e) { return []; }
  }
  function remember(question, data) {
    var entries = transcript();
    entries.push({question: question, answer: data.answer, sources: data.sources || []});
    var kept = {owner: owner, entries: entries.slice(-TRANSCRIPT_KEPT)};
    try { window.sessionStorage.setItem(transcriptKey, JSON.stringify(kept)); } catch (e) { /* private mode, or full */ }
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  /* Only the site's own paths and http(s) addresses become links. */
  function safeUrl(url) {
    if (typeof url !== "string") { return ""; }
    if (url.charAt(0) === "/" && url.charAt(1) !== "/") { return url; }
    return /^https?:\/\//i.test(url) ? url : "";
  }

  function link(url, text) {
    var href = safeUrl(url);
    if (!href) { return el("span", "", text); }
    var a = el("a", "", text);
    a.href = href;
    return a;
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrfToken},
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          var error = new Error(data.title || S.error);
          error.problem = data;
          throw error;
        }
        return data;
      });
    });
  }

  function open() {
    panel.hidden = false;
    toggle.setAttribute("aria-expanded", "true");
    root.classList.add("is-open");
    field.focus();
  }
  function close() {
    panel.hidden = true;
    toggle.setAttribute("aria-expanded", "false");
    root.classList.remove("is-open");
    toggle.focus();
  }

  function say(className, who, text) {
    var item = el("li", "robot-msg " + className);
    item.appendChild(el("span", "robot-who", who));
    item.appendChild(el("p", "robot-text", text));
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
    return item;
  }

  function sourcesList(sources) {
    var wrap = el("div", "robot-sources");
    sources.forEach(function (source, index) {
      if (index === 0 || index === 1) {
        wrap.appendChild(el("p", "robot-sources-label", index === 0 ? S.sources : S.see_also));
      }
      var line = el("p", "robot-source");
      line.appendChild(link(source.url, source.title));
      if (index > 0 && source.excerpt) {
        line.appendChild(el("span", "robot-excerpt", " — " + source.excerpt));
      }
      (source.citations || []).forEach(function (cite) {
        line.appendChild(document.createTextNode(" · " + S.cites + ": "));
        var label = cite.title + (cite.publisher ? " (" + cite.publisher + (cite.date ? ", " + cite.date : "") + ")" : "");
        line.appendChild(link(cite.url, label));
      });
      wrap.appendChild(line);
    });
    return wrap;
  }

  function feedbackButtons(item, turnId) {
    /* The buttons give way to a thank-you; focus goes back to the question field. */
    var bar = el("div", "robot-actions");
    [[true, S.helpful], [false, S.unhelpful]].forEach(function (choice) {
      var button = el("button", "secondary", choice[1]);
      button.type = "button";
      button.addEventListener("click", function () {
        post(askUrl + "/" + turnId + "/feedback", {helpful: choice[0]}).then(function () {
          bar.replaceChildren(el("span", "meta", S.thanks));
          field.focus();
        }).catch(function (error) { bar.appendChild(el("span", "error", error.message)); });
      });
      bar.appendChild(button);
    });
    item.appendChild(bar);
  }

  function handOverForm(item, turnId, opener) {
    var box = el("form", "robot-handover");
    box.appendChild(el("p", "meta", S.ask_librarian_intro));
    var email = null;
    if (!signedIn) {
      var emailId = "robot-email-" + turnId;
      var emailLabel = el("label", "", S.email);
      emailLabel.htmlFor = emailId;
      email = el("input");
      email.type = "email"; email.id = emailId; email.required = true; email.autocomplete = "email";
      box.appendChild(emailLabel); box.appendChild(email);
      var nameId = "robot-name-" + turnId;
      var nameLabel = el("label", "", S.name);
      nameLabel.htmlFor = nameId;
      var name = el("input");
      name.type = "text"; name.id = nameId; name.maxLength = 100; name.autocomplete = "name";
      box.appendChild(nameLabel); box.appendChild(name);
    }
    var send = el("button", "primary", S.send_to_librarian);
    send.type = "submit";
    var cancel = el("button", "secondary", S.cancel);
    cancel.type = "button";
    cancel.addEventListener("click", function () { box.remove(); opener.hidden = false; opener.focus(); });
    var bar = el("div", "robot-actions");
    bar.appendChild(send); bar.appendChild(cancel);
    box.appendChild(bar);
    var status = el("p", "error");
    status.setAttribute("role", "alert");
    box.appendChild(status);
    box.addEventListener("submit", function (event) {
      event.preventDefault();
      send.disabled = true;
      var body = {};
      if (email) {
        body.contact_email = email.value.trim();
        body.contact_name = document.getElementById("robot-name-" + turnId).value.trim();
      }
      post(askUrl + "/" + turnId + "/handover", body).then(function (data) {
        var done = el("p", "robot-handed-over", S.handed_over.replace("%(id)s", String(data.question_id)) + " ");
        done.appendChild(link(data.url, S.follow));
        box.replaceWith(done);
        if (opener.parentNode) { opener.parentNode.remove(); }
        done.setAttribute("tabindex", "-1");
        done.focus();
      }).catch(function (error) {
        status.textContent = error.message;
        send.disabled = false;
      });
    });
    item.appendChild(box);
    (email || send).focus();
  }

  function answerShown(data) {
    var item = say("robot-answer", S.robot, data.answer);
    if (data.sources && data.sources.length) { item.appendChild(sourcesList(data.sources)); }
    if (data.answered) { feedbackButtons(item, data.turn_id); }
    if (data.can_hand_over) {
      var opener = el("button", data.answered ? "link" : "primary", S.ask_librarian);
      opener.type = "button";
      opener.addEventListener("click", function () {
        opener.hidden = true;
        handOverForm(item, data.turn_id, opener);
      });
      var bar = el("div", "robot-actions");
      bar.appendChild(opener);
      item.appendChild(bar);
    }
  }

  transcript().forEach(function (entry) {
    if (typeof entry.question !== "string" || typeof entry.answer !== "string") { return; }
    say("robot-question", S.you, entry.question);
    var item = say("robot-answer", S.robot, entry.answer);
    if (Array.isArray(entry.sources) && entry.sources.length) { item.appendChild(sourcesList(entry.sources)); }
  });

  toggle.hidden = false;
  toggle.addEventListener("click", function () { if (panel.hidden) { open(); } else { close(); } });
  closer.addEventListener("click", close);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden) { event.preventDefault(); close(); }
  });
  field.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var question = field.value.trim();
    if (!question || busy) { return; }
    busy = true;
    say("robot-question", S.you, question);
    field.value = "";
    var waiting = el("li", "robot-msg robot-waiting", S.thinking);
    log.appendChild(waiting);
    post(askUrl, {question: question, language: language, conversation_id: conversationId()})
      .then(function (data) {
        rememberConversation(data.conversation_id);
        remember(question, data);
        waiting.remove();
        answerShown(data);
      })
      .catch(function (error) {
        waiting.remove();
        say("robot-error", S.robot, error.message || S.error);
      })
      .then(function () { busy = false; field.focus(); });
  });
})();
