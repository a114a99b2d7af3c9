/* Kernel-free quizzes: choose an answer, check it, see the explanation and a running score.
 * Inlined by thaw.quiz into each quiz's HTML, so it works in the compiled book and in
 * JupyterLab (trusted output) alike. Safe to run more than once on a page. */
(function () {
  "use strict";
  document.querySelectorAll("form.thaw-quiz:not([data-ready])").forEach(function (form) {
    form.dataset.ready = "true";
    var score = form.querySelector(".thaw-quiz-score");
    var total = form.querySelectorAll(".thaw-quiz-item").length;
    var results = {};
    form.addEventListener("submit", function (event) { event.preventDefault(); });

    function showScore() {
      var checked = Object.keys(results).length;
      var right = Object.keys(results).filter(function (k) { return results[k]; }).length;
      score.textContent = "Checked " + checked + " of " + total + "; your first answer matched " + right + ".";
    }

    form.querySelectorAll(".thaw-quiz-item").forEach(function (item) {
      item.querySelector(".thaw-quiz-check").addEventListener("click", function () {
        var choice = item.querySelector("input[type=radio]:checked");
        var feedback = item.querySelector(".thaw-quiz-feedback");
        if (!choice) {
          feedback.textContent = "Choose an answer first.";
          return;
        }
        var right = choice.value === item.dataset.answer;
        if (!(item.dataset.key in results)) results[item.dataset.key] = right;
        feedback.textContent = right ? "Matches the course's answer." :
          "Not the course's answer, which is: " + item.dataset.answerLabel + ".";
        item.classList.toggle("thaw-quiz-right", right);
        item.classList.toggle("thaw-quiz-wrong", !right);
        item.querySelector(".thaw-quiz-explanation").hidden = false;
        showScore();
      });
    });
  });
})();
