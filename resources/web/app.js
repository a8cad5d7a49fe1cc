/* EcoZoning 公众查阅 page: search, point lookup and a preliminary site self-check.
   Everything runs in the browser on the data in data.js; nothing is sent anywhere. */
(function () {
  "use strict";
  var DATA = window.ECOZONING_DATA;
  var META = DATA.meta;

  /* geometries come as rings of integer micro-degrees, first point absolute, then differences */
  function decodeRing(flat) {
    var ring = [], x = 0, y = 0;
    for (var i = 0; i < flat.length; i += 2) {
      x += flat[i];
      y += flat[i + 1];
      ring.push([x / 1e6, y / 1e6]);
    }
    return ring;
  }
  function decodeGeometry(polygons) {
    var coords = polygons.map(function (rings) { return rings.map(decodeRing); });
    return coords.length === 1 ? { type: "Polygon", coordinates: coords[0] } : { type: "MultiPolygon", coordinates: coords };
  }
  function collection(items, properties) {
    return {
      type: "FeatureCollection",
      features: items.map(function (item) {
        return { type: "Feature", properties: properties(item), geometry: decodeGeometry(item.g || item) };
      })
    };
  }
  var unitCollection = collection(DATA.units, function (u) { return u.p; });
  var redCollection = DATA.redLine ? collection(DATA.redLine, function () { return {}; }) : null;
  var units = unitCollection.features;
  var requirements = DATA.requirements;
  var $ = function (id) { return document.getElementById(id); };

  function esc(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function classLabel(k) { return (META.classes[String(k)] || {}).label || String(k); }
  function classColour(k) { return (META.classes[String(k)] || {}).colour || "#999"; }
  function formatArea(m2) {
    return m2 >= 1e6 ? (m2 / 1e6).toFixed(4) + " km²" : Math.round(m2).toLocaleString("zh-CN") + " m²";
  }

  /* --- header ---------------------------------------------------------- */
  document.title = META.title;
  $("title").textContent = META.title;
  $("subtitle").textContent = META.bureau ? "发布单位：" + META.bureau : "";
  var versionParts = [];
  if (META.version) versionParts.push("数据版本：" + META.version);
  if (META.date) versionParts.push("数据日期：" + META.date);
  $("version").textContent = versionParts.join("　");

  /* --- map --------------------------------------------------------------- */
  var map = L.map("map", { zoomControl: true, zoomSnap: 0.25, doubleClickZoom: false });
  map.attributionControl.setPrefix("Leaflet");
  if (META.basemap && META.basemap.url) {
    L.tileLayer(META.basemap.url, { attribution: esc(META.basemap.attribution || ""), maxZoom: 18 }).addTo(map);
  }
  if (META.bureau) map.attributionControl.addAttribution(esc(META.bureau));

  function unitStyle(feature) {
    return { color: "#ffffff", weight: 1, fillColor: classColour(feature.properties["class"]), fillOpacity: 0.72 };
  }
  // a province's thousands of units draw faster on a canvas; clicks are handled by the map
  var renderer = units.length > 300 ? L.canvas() : L.svg();
  var unitLayer = L.geoJSON(unitCollection, { style: unitStyle, interactive: false, renderer: renderer }).addTo(map);
  var redLayer = null;
  if (redCollection) {
    redLayer = L.geoJSON(redCollection, {
      interactive: false,
      renderer: redCollection.features.length > 300 ? L.canvas() : L.svg(),
      style: { color: "#e31a1c", weight: 1.5, fillColor: "#e31a1c", fillOpacity: 0.08, dashArray: "4 3" }
    }).addTo(map);
  }
  var highlight = L.geoJSON(null, { interactive: false, style: { color: "#0b3d91", weight: 3, fill: false } }).addTo(map);
  var siteLayer = L.geoJSON(null, { interactive: false, style: { color: "#6a1b9a", weight: 2.5, fillColor: "#ba68c8", fillOpacity: 0.25 } }).addTo(map);
  var marker = null;
  map.fitBounds(unitLayer.getBounds(), { padding: [10, 10] });
  L.control.scale({ imperial: false }).addTo(map);

  var legend = L.control({ position: "bottomright" });
  legend.onAdd = function () {
    var div = L.DomUtil.create("div", "legend");
    var html = "<b>环境管控单元</b><br>";
    Object.keys(META.classes).forEach(function (k) {
      html += '<span class="swatch" style="background:' + classColour(k) + '"></span>' + esc(classLabel(k)) + "<br>";
    });
    if (redLayer) {
      html += '<label><input type="checkbox" id="redline-toggle" checked> <span class="swatch redline"></span>生态保护红线</label>';
    }
    div.innerHTML = html;
    L.DomEvent.disableClickPropagation(div);
    return div;
  };
  legend.addTo(map);
  var toggle = $("redline-toggle");
  if (toggle) toggle.addEventListener("change", function () {
    if (toggle.checked) redLayer.addTo(map); else map.removeLayer(redLayer);
  });

  /* --- unit panel ---------------------------------------------------------- */
  function bboxOf(feature) { return feature.bbox || (feature.bbox = turf.bbox(feature)); }
  function unitAt(lon, lat) {
    var point = turf.point([lon, lat]);
    for (var i = 0; i < units.length; i++) {
      var b = bboxOf(units[i]);
      if (lon < b[0] || lon > b[2] || lat < b[1] || lat > b[3]) continue;
      if (turf.booleanPointInPolygon(point, units[i])) return units[i];
    }
    return null;
  }

  function listHtml(indices) {
    if (!indices || !indices.length) return '<div class="none">（无）</div>';
    return "<ol>" + indices.map(function (i) {
      var r = requirements[i];
      var tags = "";
      if (r.level) tags += '<span class="tag level">' + esc(r.level) + "</span> ";
      if (r.kind) tags += '<span class="tag kind">' + esc(r.kind) + "</span> ";
      var extra = r.industries ? '<span class="hint">（行业代码：' + esc(r.industries) + "）</span>" : "";
      if (r.basis) extra += '<span class="hint">（依据：' + esc(r.basis) + "）</span>";
      return "<li>" + tags + esc(r.t) + extra + "</li>";
    }).join("") + "</ol>";
  }

  function showUnit(feature) {
    var p = feature.properties;
    var rows = [["编码", '<span id="unit-code">' + esc(p.code) + "</span>"]];
    if (p.name) rows.push(["名称", '<span id="unit-name">' + esc(p.name) + "</span>"]);
    rows.push(["分类", '<span class="tag k' + p["class"] + '">' + esc(classLabel(p["class"])) + "</span>"]);
    if (p.subtype) rows.push(["子类", esc(p.subtype)]);
    if (p.county) rows.push(["区县", esc(p.county)]);
    if (p.remark) rows.push(["备注", esc(p.remark)]);
    var html = '<table class="info">' + rows.map(function (r) {
      return "<tr><th>" + r[0] + "</th><td>" + r[1] + "</td></tr>";
    }).join("") + "</table><div class=\"hint\">生态环境准入清单（含省、市、县等各层级适用要求）：</div>";
    META.dimensions.forEach(function (d) {
      html += '<div class="dimension" data-dimension="' + esc(d) + '"><h3>' + esc(d) + "</h3>" + listHtml(p.lists[d]) + "</div>";
    });
    $("unit-panel").innerHTML = html;
    $("unit-card").hidden = false;
    highlight.clearLayers();
    highlight.addData(feature);
    $("unit-card").scrollIntoView({ block: "nearest" });
  }

  function lookup(lon, lat) {
    if (marker) map.removeLayer(marker);
    marker = L.circleMarker([lat, lon], { radius: 6, color: "#0b3d91", fillColor: "#fff", fillOpacity: 1, weight: 3 }).addTo(map);
    var found = unitAt(lon, lat);
    if (found) {
      showUnit(found);
      $("coord-message").textContent = "经度 " + lon.toFixed(6) + "，纬度 " + lat.toFixed(6) + " 位于 " + found.properties.code + "。";
      $("coord-message").className = "hint";
    } else {
      $("unit-card").hidden = true;
      highlight.clearLayers();
      $("coord-message").textContent = "经度 " + lon.toFixed(6) + "，纬度 " + lat.toFixed(6) + " 不在本次发布的管控单元范围内。";
      $("coord-message").className = "hint error";
    }
    return found ? found.properties.code : null;
  }

  /* --- search ------------------------------------------------------------------ */
  function search(query) {
    var q = String(query || "").trim().toLowerCase();
    var list = $("search-results");
    list.innerHTML = "";
    if (!q) return [];
    var hits = [];
    units.forEach(function (f) {
      var p = f.properties;
      var text = [p.code, p.name, p.county].join(" ").toLowerCase();
      if (text.indexOf(q) >= 0) hits.push({ kind: "unit", feature: f, exact: p.code.toLowerCase() === q });
    });
    (DATA.places || []).forEach(function (place) {
      if ((place.name + " " + place.county).toLowerCase().indexOf(q) >= 0) hits.push({ kind: "place", place: place });
    });
    hits.sort(function (a, b) { return (b.exact ? 1 : 0) - (a.exact ? 1 : 0); });
    hits.slice(0, 50).forEach(function (hit) {
      var li = document.createElement("li");
      if (hit.kind === "unit") {
        var p = hit.feature.properties;
        li.innerHTML = '<span class="tag k' + p["class"] + '">' + esc(classLabel(p["class"]).replace("单元", "")) + "</span> " +
          esc(p.code) + '<span class="sub">' + esc(p.name || "") + "</span>";
        li.addEventListener("click", function () { selectUnit(hit.feature); });
      } else {
        li.innerHTML = '<span class="tag level">地名</span> ' + esc(hit.place.name) + '<span class="sub">' + esc(hit.place.county) + "</span>";
        li.addEventListener("click", function () {
          var b = hit.place.bbox;
          map.fitBounds([[b[1], b[0]], [b[3], b[2]]]);
        });
      }
      list.appendChild(li);
    });
    if (!hits.length) list.innerHTML = '<li class="hint">未找到匹配的单元或地名。</li>';
    if (hits.length === 1 || (hits.length && hits[0].exact)) {
      if (hits[0].kind === "unit") selectUnit(hits[0].feature);
    }
    return hits.map(function (h) { return h.kind === "unit" ? h.feature.properties.code : h.place.name; });
  }
  function selectUnit(feature) {
    map.fitBounds(L.geoJSON(feature).getBounds(), { maxZoom: 14 });
    showUnit(feature);
  }
  $("search-button").addEventListener("click", function () { search($("search-input").value); });
  $("search-input").addEventListener("keydown", function (e) { if (e.key === "Enter") search($("search-input").value); });

  /* --- coordinates ----------------------------------------------------------------- */
  function parseCoordinates(text) {
    var parts = String(text).trim().split(/[\s,，;；]+/).filter(Boolean).map(Number);
    if (parts.length !== 2 || parts.some(isNaN)) return null;
    var lon = parts[0], lat = parts[1];
    if (Math.abs(lon) <= 90 && Math.abs(lat) > 90) { var t = lon; lon = lat; lat = t; }
    if (lon < -180 || lon > 180 || lat < -90 || lat > 90) return null;
    return [lon, lat];
  }
  $("coord-button").addEventListener("click", function () {
    var c = parseCoordinates($("coord-input").value);
    if (!c) {
      $("coord-message").textContent = "请输入“经度, 纬度”，例如 117.05, 30.61（十进制度）。";
      $("coord-message").className = "hint error";
      return;
    }
    map.setView([c[1], c[0]], Math.max(map.getZoom(), 12));
    lookup(c[0], c[1]);
  });

  /* --- site drawing and the self-check ---------------------------------------------- */
  var drawing = null;
  function startDrawing() {
    clearSite();
    drawing = { points: [], line: L.polyline([], { color: "#6a1b9a", weight: 2, dashArray: "5 4" }).addTo(map) };
    $("draw-button").classList.add("active");
    $("finish-button").disabled = true;
    $("draw-hint").textContent = "在地图上逐点单击场地边界，至少 3 个点，然后点“完成绘制”。";
  }
  function addVertex(lon, lat) {
    drawing.points.push([lon, lat]);
    drawing.line.setLatLngs(drawing.points.map(function (p) { return [p[1], p[0]]; }));
    $("finish-button").disabled = drawing.points.length < 3;
  }
  function finishDrawing() {
    if (!drawing || drawing.points.length < 3) return null;
    var ring = drawing.points.concat([drawing.points[0]]);
    map.removeLayer(drawing.line);
    drawing = null;
    $("draw-button").classList.remove("active");
    $("finish-button").disabled = true;
    $("draw-hint").textContent = "点击“绘制场地”后在地图上逐点单击，点“完成绘制”结束。";
    return setSite(turf.polygon([ring]));
  }
  function clearSite() {
    if (drawing) map.removeLayer(drawing.line);
    drawing = null;
    $("draw-button").classList.remove("active");
    $("finish-button").disabled = true;
    siteLayer.clearLayers();
    $("site-result").innerHTML = "";
  }

  function intersectArea(a, b) {
    var piece = turf.intersect(turf.featureCollection([a, b]));
    return piece ? turf.area(piece) : 0;
  }

  function checkSite(site) {
    var box = turf.bbox(site);
    var touched = [];
    units.forEach(function (f) {
      var ub = bboxOf(f);
      if (ub[0] > box[2] || ub[2] < box[0] || ub[1] > box[3] || ub[3] < box[1]) return;
      var area = intersectArea(site, f);
      if (area > 0) touched.push({ code: f.properties.code, name: f.properties.name || "", unitClass: f.properties["class"], area: area });
    });
    touched.sort(function (a, b) { return b.area - a.area; });
    var red = null;
    if (redCollection) {
      red = { touches: false, area: 0 };
      redCollection.features.forEach(function (f) {
        var rb = bboxOf(f);
        if (rb[0] > box[2] || rb[2] < box[0] || rb[1] > box[3] || rb[3] < box[1]) return;
        if (turf.booleanIntersects(site, f)) { red.touches = true; red.area += intersectArea(site, f); }
      });
    }
    return { siteArea: turf.area(site), units: touched, redLine: red };
  }

  function showSiteResult(result) {
    var html = "<div>场地面积：" + formatArea(result.siteArea) + "，涉及 " + result.units.length + " 个管控单元</div>";
    html += '<table class="site" id="site-table"><tr><th>单元编码</th><th>分类</th><th>面积</th></tr>';
    result.units.forEach(function (u) {
      html += '<tr data-code="' + esc(u.code) + '" data-area="' + u.area.toFixed(1) + '"><td title="' + esc(u.name) + '">' + esc(u.code) +
        '</td><td><span class="tag k' + u.unitClass + '">' + esc(classLabel(u.unitClass).replace("单元", "")) + '</span></td><td class="num">' +
        formatArea(u.area) + "</td></tr>";
    });
    html += "</table>";
    if (result.redLine) {
      html += result.redLine.touches
        ? '<div class="redline-yes" id="redline-result">涉及生态保护红线，约 ' + formatArea(result.redLine.area) + "</div>"
        : '<div class="redline-no" id="redline-result">未涉及本次发布的生态保护红线</div>';
    }
    var simplified = META.toleranceM ? "（边界按约 " + META.toleranceM + " 米简化）" : "";
    html += '<div class="notice">初步自查，不作为审批依据。面积为浏览器内按球面近似计算、基于简化后的单元边界' + simplified +
      '，与正式核算结果可能有差异；项目准入以生态环境主管部门意见为准。</div>';
    $("site-result").innerHTML = html;
  }

  function setSite(geojson) {
    var site = sitePolygon(geojson);
    if (!site) {
      $("site-result").innerHTML = '<div class="error">未找到面要素：请提供含多边形的 GeoJSON 或 KML 文件。</div>';
      return null;
    }
    siteLayer.clearLayers();
    siteLayer.addData(site);
    map.fitBounds(siteLayer.getBounds(), { padding: [40, 40] });
    var result = checkSite(site);
    showSiteResult(result);
    return result;
  }

  function sitePolygon(geojson) {
    var polygons = [];
    turf.flattenEach(geojson, function (f) {
      if (f.geometry && f.geometry.type === "Polygon") polygons.push(f.geometry.coordinates);
    });
    if (!polygons.length) return null;
    return polygons.length === 1 ? turf.polygon(polygons[0]) : turf.multiPolygon(polygons);
  }

  function kmlToGeoJSON(text) {
    var doc = new DOMParser().parseFromString(text, "application/xml");
    var features = [];
    Array.prototype.forEach.call(doc.getElementsByTagName("Polygon"), function (polygon) {
      var rings = [];
      ["outerBoundaryIs", "innerBoundaryIs"].forEach(function (tag) {
        Array.prototype.forEach.call(polygon.getElementsByTagName(tag), function (b) {
          var coords = b.getElementsByTagName("coordinates")[0];
          if (!coords) return;
          var ring = coords.textContent.trim().split(/\s+/).map(function (t) {
            var xy = t.split(",").map(Number);
            return [xy[0], xy[1]];
          });
          if (ring.length >= 4) rings.push(ring);
        });
      });
      if (rings.length) features.push(turf.polygon(rings));
    });
    return turf.featureCollection(features);
  }

  $("site-file").addEventListener("change", function (e) {
    var file = e.target.files[0];
    if (!file) return;
    $("site-file-name").textContent = file.name;
    if (file.size > 5 * 1024 * 1024) {
      $("site-result").innerHTML = '<div class="error">文件过大（超过 5 MB），请只载入场地范围。</div>';
      return;
    }
    var reader = new FileReader();
    reader.onload = function () {
      clearSite();
      try {
        var text = String(reader.result);
        var geojson = /\.kml$/i.test(file.name) ? kmlToGeoJSON(text) : JSON.parse(text);
        setSite(geojson);
      } catch (error) {
        $("site-result").innerHTML = '<div class="error">无法读取文件 ' + esc(file.name) + "：" + esc(error.message) + "</div>";
      }
    };
    reader.readAsText(file);
  });

  $("draw-button").addEventListener("click", startDrawing);
  $("finish-button").addEventListener("click", finishDrawing);
  $("clear-button").addEventListener("click", clearSite);
  map.on("click", function (e) {
    if (drawing) addVertex(e.latlng.lng, e.latlng.lat);
    else lookup(e.latlng.lng, e.latlng.lat);
  });

  /* --- a small API for tests and for embedding pages ------------------------------------ */
  window.ecoZoning = {
    map: map,
    search: search,
    lookup: lookup,
    unitAt: function (lon, lat) { var f = unitAt(lon, lat); return f ? f.properties.code : null; },
    setSite: setSite,
    checkSite: function (geojson) { return checkSite(sitePolygon(geojson)); },
    startDrawing: startDrawing,
    addVertex: addVertex,
    finishDrawing: finishDrawing,
    clearSite: clearSite,
    site: function () { var fc = siteLayer.toGeoJSON(); return fc.features.length ? fc.features[0] : null; },
    containerPoint: function (lon, lat) { var p = map.latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }
  };
})();
