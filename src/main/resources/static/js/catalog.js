// Catalog pages: upload progress and the quality chart, without inline scripts (the CSP forbids them).
document.addEventListener('DOMContentLoaded', function () {
  document.body.addEventListener('htmx:beforeRequest', function (event) {
    var bar = document.getElementById('upload-progress');
    if (bar && event.target && event.target.hasAttribute('data-upload-form')) {
      bar.value = 0;
    }
  });
  // htmx raises htmx:xhr:progress on the form while the file is sent
  document.body.addEventListener('htmx:xhr:progress', function (event) {
    var bar = document.getElementById('upload-progress');
    if (bar && event.detail && event.detail.lengthComputable && event.detail.total > 0) {
      bar.value = Math.round(event.detail.loaded * 100 / event.detail.total);
    }
  });
  document.querySelectorAll('[data-quality-chart]').forEach(function (element) {
    if (!window.echarts) {
      return;
    }
    var fields = JSON.parse(element.getAttribute('data-fields') || '[]');
    var completeness = JSON.parse(element.getAttribute('data-completeness') || '[]');
    var validity = JSON.parse(element.getAttribute('data-validity') || '[]');
    var chart = window.echarts.init(element);
    chart.setOption({
      tooltip: { trigger: 'axis', valueFormatter: function (v) { return v == null ? '—' : v + ' %'; } },
      legend: { top: 4 },
      grid: { left: 48, right: 16, top: 36, bottom: 48 },
      xAxis: { type: 'category', data: fields, axisLabel: { interval: 0, rotate: fields.length > 5 ? 30 : 0 } },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
      series: [
        { name: element.getAttribute('data-label-completeness'), type: 'bar', data: completeness },
        { name: element.getAttribute('data-label-validity'), type: 'bar', data: validity }
      ]
    });
    window.addEventListener('resize', function () { chart.resize(); });
  });
});
