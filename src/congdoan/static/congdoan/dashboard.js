// The dashboard's charts, drawn from the numbers the page also shows in its tables.
(function () {
  const source = document.getElementById("dashboard-data");
  if (!source || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  const number = new Intl.NumberFormat("vi-VN");
  const options = {
    responsive: true,
    animation: false,
    plugins: { legend: { position: "bottom" } },
    scales: { y: { beginAtZero: true, ticks: { callback: (value) => number.format(value) } } },
  };
  const trend = document.getElementById("chart-trend");
  if (trend) {
    new Chart(trend, {
      type: "line",
      data: {
        labels: data.trend.labels,
        datasets: [
          { label: data.trend.names[0], data: data.trend.members, borderColor: "#0b4ea2" },
          { label: data.trend.names[1], data: data.trend.admitted, borderColor: "#c0392b" },
        ],
      },
      options: options,
    });
  }
  const children = document.getElementById("chart-children");
  if (children) {
    new Chart(children, {
      type: "bar",
      data: {
        labels: data.children.labels,
        datasets: [{ label: data.children.name, data: data.children.values, backgroundColor: "#0b4ea2" }],
      },
      options: {
        ...options,
        indexAxis: "y",
        scales: { x: { beginAtZero: true, ticks: { callback: (value) => number.format(value) } } },
      },
    });
  }
})();
