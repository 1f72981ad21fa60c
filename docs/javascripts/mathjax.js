// MathJax 3 configuration (loaded before the vendored MathJax in docs/javascripts/vendor/).
// Only the formulas that pymdownx.arithmatex marked (class "arithmatex") are typeset, so a
// backslash-parenthesis or a dollar sign in a quoted document never turns into mathematics.
window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"]],
    displayMath: [["\\[", "\\]"]],
    processEscapes: true,
    processEnvironments: true
  },
  options: {
    ignoreHtmlClass: ".*|",
    processHtmlClass: "arithmatex"
  }
};
