// The insights dashboard's charts (Apache ECharts): each figure's rows come from
// the page's json_script; a masked cell (fewer than 10 readers) is drawn as a gap
// and its tooltip says "<10".
(function () {
  "use strict";
  var figuresNode = document.getElementById("insights-figures");
  var labelsNode = document.getElementById("insights-labels");
  if (!figuresNode || typeof echarts === "undefined") {
    return;
  }
  var figures = JSON.parse(figuresNode.textContent);
  var labels = labelsNode ? JSON.parse(labelsNode.textContent) : {};
  var byKey = {};
  figures.forEach(function (f) { byKey[f.key] = f; });
  var charts = [];

  function value(row, key) {
    return row.suppressed && row[key] === null ? null : row[key];
  }

  function tooltip(figure) {
    return {
      trigger: "axis",
      formatter: function (params) {
        var lines = [params[0].axisValueLabel];
        params.forEach(function (p) {
          var row = figure.rows[p.dataIndex];
          var shown = row && row.suppressed ? labels.suppressed : p.value;
          lines.push(p.marker + p.seriesName + ": " + (shown === null ? "—" : shown));
        });
        return lines.join("<br>");
      }
    };
  }

  function axisChart(figure) {
    var long = figure.rows.length > 6 && figure.chart === "bar";
    return {
      tooltip: tooltip(figure),
      legend: { top: 0 },
      grid: { left: 50, right: 20, top: 36, bottom: long ? 90 : 40 },
      xAxis: {
        type: "category",
        data: figure.rows.map(function (r) { return r[figure.x]; }),
        axisLabel: long ? { rotate: 40, interval: 0 } : {}
      },
      yAxis: { type: "value" },
      dataZoom: figure.chart === "line" ? [{ type: "inside" }, { type: "slider" }] : [],
      series: figure.series.map(function (s) {
        return {
          name: s.label,
          type: figure.chart,
          showSymbol: false,
          connectNulls: false,
          data: figure.rows.map(function (r) { return value(r, s.key); })
        };
      })
    };
  }

  // Bars stacked by the values of `figure.group` (one series each), along
  // `figure.x`; a missing cell is a gap, a masked one says "<10".
  function stacked(figure) {
    var xs = [], groups = [], cells = {};
    figure.rows.forEach(function (r) {
      var x = r[figure.x], g = r[figure.group];
      if (xs.indexOf(x) < 0) { xs.push(x); }
      if (groups.indexOf(g) < 0) { groups.push(g); }
      cells[x + "\u0000" + g] = r;
    });
    var key = figure.series[0].key;
    return {
      tooltip: {
        trigger: "axis",
        formatter: function (params) {
          var lines = [params[0].axisValueLabel];
          params.forEach(function (p) {
            var row = cells[p.name + "\u0000" + p.seriesName];
            var shown = !row ? "—" : (row.suppressed ? labels.suppressed : row[key]);
            lines.push(p.marker + p.seriesName + ": " + shown);
          });
          return lines.join("<br>");
        }
      },
      legend: { top: 0 },
      grid: { left: 50, right: 20, top: 36, bottom: 40 },
      xAxis: { type: "category", data: xs },
      yAxis: { type: "value", name: figure.series[0].label },
      series: groups.map(function (g) {
        return {
          name: g,
          type: "bar",
          stack: "total",
          data: xs.map(function (x) {
            var row = cells[x + "\u0000" + g];
            return row ? value(row, key) : null;
          })
        };
      })
    };
  }

  function heatmap(figure) {
    var hours = [];
    for (var h = 0; h < 24; h++) { hours.push(String(h)); }
    var max = 1;
    var data = figure.rows.map(function (r) {
      var v = value(r, "loans");
      if (v !== null && v > max) { max = v; }
      return [r.hour, r.weekday - 1, v === null ? "-" : v];
    });
    return {
      tooltip: {
        formatter: function (p) {
          var row = figure.rows[p.dataIndex];
          var shown = row.suppressed ? labels.suppressed : row.loans;
          return labels.weekdays[row.weekday - 1] + " " + row.hour + ":00 · " +
            figure.series[0].label + ": " + shown;
        }
      },
      grid: { left: 60, right: 20, top: 10, bottom: 70 },
      xAxis: { type: "category", data: hours, splitArea: { show: true } },
      yAxis: { type: "category", data: labels.weekdays, inverse: true, splitArea: { show: true } },
      visualMap: { min: 0, max: max, calculable: true, orient: "horizontal", left: "center", bottom: 0 },
      series: [{ name: figure.series[0].label, type: "heatmap", data: data }]
    };
  }

  document.querySelectorAll(".insights-chart").forEach(function (node) {
    var figure = byKey[node.dataset.figure];
    if (!figure) { return; }
    var chart = echarts.init(node, null, { renderer: "canvas" });
    var build = { heatmap: heatmap, stacked: stacked }[figure.chart] || axisChart;
    chart.setOption(build(figure));
    node.dataset.ready = "1";
    charts.push(chart);
  });
  window.addEventListener("resize", function () {
    charts.forEach(function (c) { c.resize(); });
  });
})();
