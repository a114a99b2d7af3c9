/* Kernel-free quizzes: choose an answer, check it, see the explanation and a running score.
 * Inlined by thaw.quiz into each quiz's HTML, so it works in the compiled book and in
 * JupyterLab (trusted output) alike. Safe to run more than once on a page.
 * The reader's choices and checks are kept in the browser's localStorage under the quiz's
 * id, so a reload or a re-run cell restores them; "Clear my answers" forgets them. */
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

  document.querySelectorAll("form.thaw-quiz:not([data-ready])").forEach(function (form) {
    form.dataset.ready = "true";
    var score = form.querySelector(".thaw-quiz-score");
    var items = form.querySelectorAll(".thaw-quiz-item");
    var storage = storageFor(form);
    var saved = storage.read();
    var state = { choices: saved.choices || {}, results: saved.results || {}, checked: saved.checked || {} };
    form.addEventListener("submit", function (event) { event.preventDefault(); });

    function showScore() {
      var keys = Object.keys(state.results);
      var right = keys.filter(function (k) { return state.results[k]; }).length;
      score.textContent = keys.length ?
        "Checked " + keys.length + " of " + items.length + "; your first answer matched " + right + "." :
        "Checked 0 of " + items.length + ".";
    }

    function showFeedback(item, choice) {
      var right = choice === item.dataset.answer;
      item.querySelector(".thaw-quiz-feedback").textContent = right ? "Matches the course's answer." :
        "Not the course's answer, which is: " + item.dataset.answerLabel + ".";
      item.classList.toggle("thaw-quiz-right", right);
      item.classList.toggle("thaw-quiz-wrong", !right);
      item.querySelector(".thaw-quiz-explanation").hidden = false;
      return right;
    }

    items.forEach(function (item) {
      var key = item.dataset.key;
      var feedback = item.querySelector(".thaw-quiz-feedback");
      item.querySelectorAll("input[type=radio]").forEach(function (radio) {
        if (state.choices[key] === radio.value) radio.checked = true;
        radio.addEventListener("change", function () {
          state.choices[key] = radio.value;
          storage.write(state);
        });
      });
      if (state.checked[key] !== undefined) showFeedback(item, state.checked[key]);

      item.querySelector(".thaw-quiz-check").addEventListener("click", function () {
        var choice = item.querySelector("input[type=radio]:checked");
        if (!choice) {
          feedback.textContent = "Choose an answer first.";
          return;
        }
        var right = showFeedback(item, choice.value);
        if (!(key in state.results)) state.results[key] = right;
        state.checked[key] = choice.value;
        storage.write(state);
        showScore();
      });
    });

    form.querySelector(".thaw-quiz-clear").addEventListener("click", function () {
      storage.clear();
      state = { choices: {}, results: {}, checked: {} };
      items.forEach(function (item) {
        item.querySelectorAll("input[type=radio]").forEach(function (radio) { radio.checked = false; });
        item.querySelector(".thaw-quiz-feedback").textContent = "";
        item.classList.remove("thaw-quiz-right", "thaw-quiz-wrong");
        item.querySelector(".thaw-quiz-explanation").hidden = true;
      });
      showScore();
    });
    showScore();
  });
})();
