/* Kernel-free quizzes: choose an answer, check it, see the explanation and a running score.
 * Inlined by thaw.quiz into each quiz's HTML, so it works in the compiled book and in
 * JupyterLab (trusted output) alike. Safe to run more than once on a page.
 * Nothing the reader does is lost: choices and checks are kept in the browser's localStorage
 * under the quiz's id (a reload or a re-run cell restores them), and can be saved to a JSON
 * file and loaded again, on this computer or another.
 * The words it writes come from the form's data-words (JSON, written by thaw.quiz.render in the
 * reader's language); the English here is only the fallback. */
(function () {
  "use strict";

  function storageFor(form) {
    var key = "thaw-quiz:" + form.dataset.quizId;
    return {
      read: function () {
        try { return JSON.parse(window.localStorage.getItem(key)) || {}; } catch (e) { return {}; }
      },
      write: function (state) {
        try { window.localStorage.setItem(key, JSON.stringify(state)); } catch (e) { /* storage off: keep going */ }
      },
      clear: function () {
        try { window.localStorage.removeItem(key); } catch (e) { /* nothing kept */ }
      }
    };
  }

  // The fallback words (thaw.quiz.SCRIPT_WORDS): used only where the form gives none.
  var ENGLISH = {
    score_none: "Checked 0 of {total}.",
    score: "Checked {checked} of {total}; your first answer matched {right}.",
    right: "Matches the course's answer.",
    wrong: "Not the course's answer, which is: {answer}.",
    choose: "Choose an answer first.",
    saved: "Saved as {file} (in your downloads).",
    not_json: "{file} is not a saved quiz (not valid JSON); nothing was changed.",
    other_quiz: "{file} holds answers to another quiz ({quiz}); nothing was changed.",
    no_quiz: "{file} holds answers to no quiz of this course; nothing was changed.",
    loaded: "Loaded {count} answers from {file}.",
    confirm_clear: "Clear all your answers to this quiz? Save them to a file first if you may want them back."
  };

  function wordsFor(form) {  // say(name, {placeholder: value}): the form's words, placeholders filled
    var words = {};
    try { words = JSON.parse(form.dataset.words || "{}") || {}; } catch (e) { words = {}; }
    return function (name, values) {
      var text = typeof words[name] === "string" ? words[name] : ENGLISH[name];
      return text.replace(/\{(\w+)\}/g, function (whole, field) {
        return values && field in values ? String(values[field]) : whole;
      });
    };
  }

  function emptyState() { return { choices: {}, results: {}, checked: {} }; }

  function asState(saved) {
    var state = emptyState();
    ["choices", "results", "checked"].forEach(function (part) {
      if (saved && typeof saved[part] === "object" && saved[part] !== null) state[part] = saved[part];
    });
    return state;
  }

  document.querySelectorAll("form.thaw-quiz:not([data-ready])").forEach(function (form) {
    form.dataset.ready = "true";
    var quizId = form.dataset.quizId;
    var score = form.querySelector(".thaw-quiz-score");
    var items = form.querySelectorAll(".thaw-quiz-item");
    var fileStatus = form.querySelector(".thaw-quiz-file-status");
    var storage = storageFor(form);
    var say = wordsFor(form);
    var state = asState(storage.read());
    form.addEventListener("submit", function (event) { event.preventDefault(); });

    function showScore() {
      var keys = Object.keys(state.results);
      var right = keys.filter(function (k) { return state.results[k]; }).length;
      score.textContent = keys.length ?
        say("score", { checked: keys.length, total: items.length, right: right }) :
        say("score_none", { total: items.length });
    }

    function showFeedback(item, choice) {
      var right = choice === item.dataset.answer;
      item.querySelector(".thaw-quiz-feedback").textContent = right ? say("right") :
        say("wrong", { answer: item.dataset.answerLabel });
      item.classList.toggle("thaw-quiz-right", right);
      item.classList.toggle("thaw-quiz-wrong", !right);
      item.querySelector(".thaw-quiz-explanation").hidden = false;
      return right;
    }

    function showState() {  // the whole quiz as the state says: choices, checked answers, score
      items.forEach(function (item) {
        var key = item.dataset.key;
        item.querySelectorAll("input[type=radio]").forEach(function (radio) {
          radio.checked = state.choices[key] === radio.value;
        });
        if (state.checked[key] !== undefined) {
          showFeedback(item, state.checked[key]);
        } else {
          item.querySelector(".thaw-quiz-feedback").textContent = "";
          item.classList.remove("thaw-quiz-right", "thaw-quiz-wrong");
          item.querySelector(".thaw-quiz-explanation").hidden = true;
        }
      });
      showScore();
    }

    items.forEach(function (item) {
      var key = item.dataset.key;
      item.querySelectorAll("input[type=radio]").forEach(function (radio) {
        radio.addEventListener("change", function () {
          state.choices[key] = radio.value;
          storage.write(state);
        });
      });
      item.querySelector(".thaw-quiz-check").addEventListener("click", function () {
        var choice = item.querySelector("input[type=radio]:checked");
        if (!choice) {
          item.querySelector(".thaw-quiz-feedback").textContent = say("choose");
          return;
        }
        var right = showFeedback(item, choice.value);
        if (!(key in state.results)) state.results[key] = right;
        state.checked[key] = choice.value;
        storage.write(state);
        showScore();
      });
    });

    form.querySelector(".thaw-quiz-save").addEventListener("click", function () {
      var saved = { quiz: quizId, saved: new Date().toISOString(), choices: state.choices,
                    checked: state.checked, results: state.results };
      var link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([JSON.stringify(saved, null, 2)], { type: "application/json" }));
      link.download = quizId + "-answers.json";
      document.body.appendChild(link);
      link.click();
      link.remove();
      fileStatus.textContent = say("saved", { file: link.download });
    });

    var fileInput = form.querySelector(".thaw-quiz-load input");
    fileInput.addEventListener("change", function () {
      var file = fileInput.files[0];
      if (!file) return;
      file.text().then(function (text) {
        var saved;
        try { saved = JSON.parse(text); } catch (e) {
          fileStatus.textContent = say("not_json", { file: file.name });
          return;
        }
        if (!saved || saved.quiz !== quizId) {
          fileStatus.textContent = saved && saved.quiz ? say("other_quiz", { file: file.name, quiz: saved.quiz }) :
            say("no_quiz", { file: file.name });
          return;
        }
        // The file's answers win question by question; answers only on this page are kept.
        var loaded = asState(saved);
        ["choices", "checked", "results"].forEach(function (part) {
          Object.keys(loaded[part]).forEach(function (key) { state[part][key] = loaded[part][key]; });
        });
        storage.write(state);
        showState();
        fileStatus.textContent = say("loaded", { count: Object.keys(loaded.choices).length, file: file.name });
      }).finally(function () { fileInput.value = ""; });
    });

    form.querySelector(".thaw-quiz-clear").addEventListener("click", function () {
      if (!window.confirm(say("confirm_clear"))) {
        return;
      }
      storage.clear();
      state = emptyState();
      showState();
      fileStatus.textContent = "";
    });
    showState();
  });
})();
