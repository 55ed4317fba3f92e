// Supervision dashboard charts (ECharts). Data comes from data-* attributes: no inline scripts (CSP).
document.addEventListener('DOMContentLoaded', function () {
  if (typeof echarts === 'undefined') {
    return;
  }
  function list(element, name) {
    var text = element.getAttribute(name) || '';
    return text === '' ? [] : text.split(',');
  }
  document.querySelectorAll('[data-chart]').forEach(function (element) {
    var labels = list(element, 'data-labels');
    var values = list(element, 'data-values').map(Number);
    var kind = element.getAttribute('data-chart');
    var chart = echarts.init(element);
    var option;
    if (kind === 'pie') {
      option = {
        tooltip: {trigger: 'item'},
        series: [{type: 'pie', radius: ['40%', '70%'],
          data: labels.map(function (label, i) { return {name: label, value: values[i]}; })}]
      };
    } else {
      option = {
        tooltip: {trigger: 'axis'},
        grid: {left: 40, right: 10, top: 20, bottom: 60},
        xAxis: {type: 'category', data: labels, axisLabel: {rotate: kind === 'bar' ? 30 : 0}},
        yAxis: {type: 'value', minInterval: 1},
        series: [{type: kind === 'line' ? 'line' : 'bar', data: values}]
      };
    }
    chart.setOption(option);
    element.setAttribute('data-rendered', 'true');
    window.addEventListener('resize', function () { chart.resize(); });
  });
});
