// Draws the sandbox's result charts from data-* attributes (no inline scripts: the CSP forbids them).
(function () {
  function draw(root) {
    if (typeof echarts === 'undefined') {
      return;
    }
    root.querySelectorAll('[data-chart]').forEach(function (element) {
      if (element.dataset.drawn) {
        return;
      }
      element.dataset.drawn = 'true';
      var labels = JSON.parse(element.dataset.labels || '[]');
      var series = JSON.parse(element.dataset.series || '[]');
      // sized here (CSSOM is allowed by the CSP; a style attribute in the markup is not needed)
      element.style.width = '100%';
      element.style.height = '320px';
      var chart = echarts.init(element, null, { renderer: 'canvas' });
      chart.setOption({
        animation: false,
        tooltip: { trigger: 'axis' },
        legend: { data: series.map(function (s) { return s.name; }) },
        xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, rotate: labels.length > 8 ? 30 : 0 } },
        yAxis: { type: 'value' },
        series: series.map(function (s) { return { name: s.name, type: 'bar', data: s.data }; })
      });
      element.setAttribute('data-rendered', 'true');
    });
  }
  document.addEventListener('DOMContentLoaded', function () { draw(document); });
  document.addEventListener('htmx:afterSettle', function (event) { draw(event.target || document); });
})();
