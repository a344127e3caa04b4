// nianbao serve: the page. Plain JavaScript, no libraries, nothing fetched
// but this server's own API. Files are sent one by one to /api/convert (with
// provenance), the results listed, one report shown as the national tables.
"use strict";

const T = {
  zh: {
    title: "政府信息公开工作年度报告 · 数据提取", drop: "把年报文件、文件夹或 zip 压缩包拖到这里",
    formats: "DOCX · PDF · 网页 (HTML) · 文本 · DOC/WPS；文件只在本机处理", pickFiles: "选择文件",
    pickFolder: "选择文件夹", progress: "进度", results: "结果", filter: "筛选：机关、年份、文件名",
    onlyFailing: "只看未通过勾稽的", download: "下载全部：", file: "文件", organ: "机关", year: "年度",
    template: "模板", checks: "未通过勾稽", warnings: "提示", waiting: "等待", uploading: "上传中",
    converting: "转换中", done: "完成", failed: "失败", allHold: "勾稽关系全部成立",
    failing: "条勾稽关系不成立", expected: "应为", found: "实为", t2: "表二 主动公开政府信息情况",
    t3: "表三 收到和处理政府信息公开申请情况", t4: "表四 政府信息公开行政复议、行政诉讼情况",
    years: "同一机关各年对照", page: "页", cell: "单元格", raw: "原文", table: "表", row: "行", col: "列",
    noProv: "文档中没有这一格", sections: "文字部分", warn: "提示", close: "关闭", unknown: "未识别",
    exporting: "正在生成下载文件…", value: "数值",
  },
  en: {
    title: "Government information-disclosure annual reports · data", drop: "Drop report files, folders or zip archives here",
    formats: "DOCX · PDF · web pages (HTML) · text · DOC/WPS; files stay on this computer", pickFiles: "Pick files",
    pickFolder: "Pick a folder", progress: "Progress", results: "Results", filter: "Filter: organ, year, file",
    onlyFailing: "Only reports failing checks", download: "Download all:", file: "File", organ: "Organ", year: "Year",
    template: "Template", checks: "Failing checks", warnings: "Warnings", waiting: "waiting", uploading: "uploading",
    converting: "converting", done: "done", failed: "failed", allHold: "Every check holds",
    failing: "checks fail", expected: "expected", found: "found", t2: "Table 2 · Active disclosure",
    t3: "Table 3 · Applications received and handled", t4: "Table 4 · Administrative reviews and lawsuits",
    years: "The same organ, year by year", page: "page", cell: "cell", raw: "raw", table: "table", row: "row", col: "col",
    noProv: "not in the document", sections: "Text", warn: "Warnings", close: "Close", unknown: "unknown",
    exporting: "Preparing the download…", value: "value",
  },
};
let lang = localStorage.getItem("nianbao.lang") === "en" ? "en" : "zh";
const t = (k) => T[lang][k] || k;

const params = new URLSearchParams(location.search);
const token = params.get("token");
const authHeaders = token ? { Authorization: "Bearer " + token } : {};

const state = { files: [], records: [], sort: { key: "file", dir: 1 }, shown: null };
const $ = (sel) => document.querySelector(sel);
const el = (tag, attrs = {}, ...kids) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") e.className = v; else if (k === "text") e.textContent = v; else e.setAttribute(k, v);
  }
  for (const kid of kids) if (kid !== null && kid !== undefined) e.append(kid);
  return e;
};

// ---- the national tables ----------------------------------------------------

const APPLICANTS = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total"];
const T3_ROWS = [
  ["new_received", "一、本年新收政府信息公开申请数量"],
  ["carried_over", "二、上年结转政府信息公开申请数量"],
  ["三、本年度办理结果", [
    ["granted", "（一）予以公开"],
    ["partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"],
    ["（三）不予公开", [
      ["denied_state_secret", "1.属于国家秘密"], ["denied_other_law", "2.其他法律行政法规禁止公开"],
      ["denied_three_safeties", "3.危及“三安全一稳定”"], ["denied_third_party", "4.保护第三方合法权益"],
      ["denied_internal_affairs", "5.属于三类内部事务信息"], ["denied_process_info", "6.属于四类过程性信息"],
      ["denied_enforcement_case", "7.属于行政执法案卷"], ["denied_administrative_query", "8.属于行政查询事项"],
    ]],
    ["（四）无法提供", [
      ["unable_not_held", "1.本机关不掌握相关政府信息"], ["unable_needs_creation", "2.没有现成信息需要另行制作"],
      ["unable_unclear", "3.补正后申请内容仍不明确"],
    ]],
    ["（五）不予处理", [
      ["rejected_petition", "1.信访举报投诉类申请"], ["rejected_duplicate", "2.重复申请"],
      ["rejected_publication", "3.要求提供公开出版物"], ["rejected_mass_repeat", "4.无正当理由大量反复申请"],
      ["rejected_confirmation", "5.要求行政机关确认或重新出具已获取信息"],
    ]],
    ["（六）其他处理", [
      ["other_no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"],
      ["other_unpaid_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"],
      ["other_misc", "3.其他"],
    ]],
    ["total", "（七）总计"],
  ]],
  ["carried_forward", "四、结转下年度继续办理"],
];

const T2 = {
  "2021": [
    ["第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"], ["issued", "repealed", "in_force"],
      [["regulations", "规章"], ["normative_documents", "行政规范性文件"]]],
    ["第二十条第（五）项", ["本年处理决定数量"], ["decisions"], [["licensing", "行政许可"]]],
    ["第二十条第（六）项", ["本年处理决定数量"], ["decisions"], [["penalties", "行政处罚"], ["coercion", "行政强制"]]],
    ["第二十条第（八）项", ["本年收费金额（单位：万元）"], ["amount"], [["fees", "行政事业性收费"]]],
  ],
  "2019": [
    ["第二十条第（一）项", ["本年新制作数量", "本年新公开数量", "对外公开总数量"], ["produced", "published", "total_published"],
      [["regulations", "规章"], ["normative_documents", "规范性文件"]]],
    ["第二十条第（五）项", ["上一年项目数量", "本年增/减", "处理决定数量"], ["previous_items", "change", "decisions"],
      [["licensing", "行政许可"], ["other_services", "其他对外管理服务事项"]]],
    ["第二十条第（六）项", ["上一年项目数量", "本年增/减", "处理决定数量"], ["previous_items", "change", "decisions"],
      [["penalties", "行政处罚"], ["coercion", "行政强制"]]],
    ["第二十条第（八）项", ["上一年项目数量", "本年增/减"], ["previous_items", "change"], [["fees", "行政事业性收费"]]],
    ["第二十条第（九）项", ["采购项目数量", "采购总金额"], ["projects", "amount"], [["procurement", "政府集中采购"]]],
  ],
};
const REVIEW_FIELDS = [["upheld", "结果维持"], ["corrected", "结果纠正"], ["other", "其他结果"], ["pending", "尚未审结"], ["total", "总计"]];
const REVIEW_GROUPS = ["review", "lawsuit_direct", "lawsuit_after_review"];

const get = (obj, path) => path.split(".").reduce((o, k) => (o == null ? undefined : o[k]), obj);
const fmt = (v) => (v === null || v === undefined ? "" : String(v));

// Rows of 表三 for this report: (六) as one row when the document gives it so.
function t3Rows(r) {
  const apps = r.applications || {};
  const split = ["other_no_correction", "other_unpaid_fee", "other_misc"]
    .some((k) => APPLICANTS.some((c) => get(apps, k + "." + c) != null));
  const single = r.template === "2019" || (!split && APPLICANTS.some((c) => get(apps, "other." + c) != null));
  const tree = JSON.parse(JSON.stringify(T3_ROWS));
  if (single) {
    const outcomes = tree[2][1];
    outcomes[5] = ["other", "（六）其他处理"];
  }
  // Flatten into rows of header cells {text, rs, cs} and the row key.
  const rows = [];
  const size = (node) => (Array.isArray(node[1]) ? node[1].reduce((n, c) => n + size(c), 0) : 1);
  const walk = (nodes, depth, lead) => {
    for (const node of nodes) {
      if (Array.isArray(node[1])) {
        walk(node[1], depth + 1, [...lead, { text: node[0], rs: size(node), cs: 1 }]);
      } else {
        rows.push({ key: node[0], head: [...lead, { text: node[1], rs: 1, cs: 3 - depth }] });
      }
      lead = [];
    }
  };
  walk(tree, 0, []);
  return rows;
}

// Failing checks, by the cells they concern: "applications.ROW.COL" → [check].
function failingCells(r) {
  const cells = new Map();
  const add = (path, c) => { if (!cells.has(path)) cells.set(path, []); cells.get(path).push(c); };
  for (const c of r.checks || []) {
    if (c.rule === "apps.row_total") add(`applications.${c.where}.total`, c);
    else if (c.rule === "apps.outcome_total") add(`applications.total.${c.where}`, c);
    else if (c.rule === "apps.balance") add(`applications.carried_forward.${c.where}`, c);
    else if (c.rule === "reviews.total") add(`reviews_lawsuits.${c.where}.total`, c);
  }
  return cells;
}

function provenanceOf(r) {
  const m = new Map();
  for (const p of r.provenance || []) if (!m.has(p.path)) m.set(p.path, p);
  return m;
}

function provText(p) {
  if (!p) return t("noProv");
  const where = [];
  if (p.page != null) where.push(`${t("page")} ${p.page}`);
  where.push(`${t("table")} ${p.table_index + 1} · ${t("row")} ${p.row + 1} · ${t("col")} ${p.col + 1}`);
  return `${p.table} · ${where.join(" · ")}\n${p.row_label} / ${p.col_label}\n${t("raw")}: “${p.raw}”`;
}

function valueCell(r, path, ctx) {
  const v = get(r, path);
  const checks = ctx.failing.get(path);
  const td = el("td", { class: "num" + (checks ? " bad" : ""), "data-path": path, text: fmt(v) });
  const p = ctx.prov.get(path);
  let tip = provText(p);
  if (checks) {
    tip = checks.map((c) => `${c.rule} (${c.where}): ${t("expected")} ${c.expected}, ${t("found")} ${c.found}`).join("\n") + "\n" + tip;
    td.append(el("span", { class: "exp", text: `${t("expected")} ${checks[0].expected}` }));
  }
  td.dataset.tip = tip;
  return td;
}

function table2(r, ctx) {
  const spec = T2[r.template] || T2["2021"];
  const tb = el("table", { class: "national", id: "t2" });
  for (const [item, labels, fields, rows] of spec) {
    tb.append(el("tr", { class: "item" }, el("th", { colspan: 4, text: item })));
    const head = el("tr", {}, el("th", { text: "信息内容" }));
    labels.forEach((l, i) => head.append(el("th", { text: l, colspan: i === labels.length - 1 && labels.length < 3 ? 4 - labels.length : null })));
    tb.append(head);
    for (const [key, label] of rows) {
      const tr = el("tr", {}, el("th", { class: "rowlabel", text: label }));
      fields.forEach((f, i) => {
        const td = valueCell(r, `active_disclosure.${key}.${f}`, ctx);
        if (i === fields.length - 1 && fields.length < 3) td.colSpan = 4 - fields.length;
        tr.append(td);
      });
      tb.append(tr);
    }
  }
  return tb;
}

function table3(r, ctx) {
  const tb = el("table", { class: "national", id: "t3" });
  tb.append(
    el("tr", {}, el("th", { colspan: 3, rowspan: 3, text: "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" }),
      el("th", { colspan: 7, text: "申请人情况" })),
    el("tr", {}, el("th", { rowspan: 2, text: "自然人" }), el("th", { colspan: 5, text: "法人或其他组织" }),
      el("th", { rowspan: 2, text: "总计" })),
    el("tr", {}, ...["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"].map((x) => el("th", { text: x }))),
  );
  for (const row of t3Rows(r)) {
    const bad = (r.checks || []).some((c) => c.rule === "apps.row_total" && c.where === row.key);
    const tr = el("tr", { class: bad ? "failrow" : null, "data-row": row.key });
    for (const h of row.head) tr.append(el("th", { rowspan: h.rs > 1 ? h.rs : null, colspan: h.cs > 1 ? h.cs : null, text: h.text }));
    for (const c of APPLICANTS) tr.append(valueCell(r, `applications.${row.key}.${c}`, ctx));
    tb.append(tr);
  }
  return tb;
}

function table4(r, ctx) {
  const tb = el("table", { class: "national", id: "t4" });
  tb.append(
    el("tr", {}, el("th", { colspan: 5, text: "行政复议" }), el("th", { colspan: 10, text: "行政诉讼" })),
    el("tr", {}, ...REVIEW_FIELDS.map(([, l]) => el("th", { rowspan: 2, text: l })),
      el("th", { colspan: 5, text: "未经复议直接起诉" }), el("th", { colspan: 5, text: "复议后起诉" })),
    el("tr", {}, ...[0, 1].flatMap(() => REVIEW_FIELDS.map(([, l]) => el("th", { text: l })))),
  );
  const bad = (r.checks || []).some((c) => c.rule === "reviews.total");
  const tr = el("tr", { class: bad ? "failrow" : null });
  for (const g of REVIEW_GROUPS) for (const [f] of REVIEW_FIELDS) tr.append(valueCell(r, `reviews_lawsuits.${g}.${f}`, ctx));
  tb.append(tr);
  return tb;
}

// The same organ's reports in this batch, one column a year.
function sideBySide(r) {
  if (!r.organ_key) return null;
  const same = state.records.filter((x) => x.schema === "nianbao/report/v1" && x.organ_key === r.organ_key && x.year != null);
  const years = [...new Map(same.map((x) => [x.year, x])).values()].sort((a, b) => a.year - b.year);
  if (years.length < 2) return null;
  const rows = [
    ["applications.new_received.total", "表三 一、本年新收申请"], ["applications.carried_over.total", "表三 二、上年结转"],
    ["applications.granted.total", "表三 （一）予以公开"], ["applications.partially_granted.total", "表三 （二）部分公开"],
    ["applications.total.total", "表三 （七）总计"], ["applications.carried_forward.total", "表三 四、结转下年度"],
    ["reviews_lawsuits.review.total", "表四 行政复议 总计"], ["reviews_lawsuits.lawsuit_direct.total", "表四 直接起诉 总计"],
    ["reviews_lawsuits.lawsuit_after_review.total", "表四 复议后起诉 总计"],
  ];
  const tb = el("table", { class: "national years", id: "years" });
  tb.append(el("tr", {}, el("th", { text: "" }), ...years.map((y) => el("th", { class: y === r ? "current" : null, text: String(y.year) }))));
  for (const [path, label] of rows) {
    tb.append(el("tr", {}, el("th", { class: "rowlabel", text: label }),
      ...years.map((y) => el("td", { class: "num" + (y === r ? " current" : ""), text: fmt(get(y, path)) }))));
  }
  tb.append(el("tr", {}, el("th", { class: "rowlabel", text: t("checks") }),
    ...years.map((y) => el("td", { class: "num" + ((y.checks || []).length ? " bad" : ""), text: String((y.checks || []).length) }))));
  return tb;
}

function showReport(r) {
  state.shown = r;
  const box = $("#report");
  box.replaceChildren();
  box.hidden = false;
  if (r.schema !== "nianbao/report/v1") {
    box.append(el("h2", { text: r.source.path }), el("p", { class: "error", text: `${r.error.code}: ${r.error.message}` }));
    return;
  }
  const ctx = { failing: failingCells(r), prov: provenanceOf(r) };
  const n = (r.checks || []).length;
  box.append(
    el("div", { class: "bar" },
      el("h2", { text: `${r.organ || t("unknown")} · ${r.year || "?"}` }),
      el("span", { class: "meta", text: `${r.source.path} · ${r.source.format}${r.source.pages ? " · " + r.source.pages + " pp." : ""} · ${t("template")} ${r.template}` }),
      el("span", { class: "spacer" }),
      (() => { const b = el("button", { type: "button", text: t("close") }); b.onclick = () => { box.hidden = true; }; return b; })()),
    el("p", { class: n ? "status bad" : "status ok", id: "checkstatus", text: n ? `${n} ${t("failing")}` : t("allHold") }),
  );
  if (n) {
    const ul = el("ul", { class: "checks" });
    for (const c of r.checks) ul.append(el("li", { text: `${c.rule} · ${c.where}: ${t("expected")} ${c.expected}，${t("found")} ${c.found}` }));
    box.append(ul);
  }
  if ((r.warnings || []).length) {
    const ul = el("ul", { class: "warnings" });
    for (const w of r.warnings) ul.append(el("li", { text: `${w.code}: ${w.message}` }));
    box.append(el("h3", { text: t("warn") }), ul);
  }
  const years = sideBySide(r);
  if (years) box.append(el("h3", { text: t("years") }), years);
  box.append(el("h3", { text: t("t2") }), table2(r, ctx));
  box.append(el("h3", { text: t("t3") }), table3(r, ctx));
  box.append(el("h3", { text: t("t4") }), table4(r, ctx));
  const s = r.sections || {};
  const texts = [["一、总体情况", s.overview], ["五、存在的主要问题及改进情况", s.problems], ["六、其他需要报告的事项", s.other_matters]].filter(([, v]) => v);
  if (texts.length) {
    box.append(el("h3", { text: t("sections") }));
    for (const [h, v] of texts) box.append(el("details", {}, el("summary", { text: h }), el("p", { class: "section", text: v })));
  }
  box.scrollIntoView({ behavior: "smooth", block: "start" });
}

// ---- the results list --------------------------------------------------------

function rowOf(r) {
  const ok = r.schema === "nianbao/report/v1";
  return {
    r, file: r.source ? r.source.path : "", organ: ok ? r.organ || "" : "", year: ok ? r.year : null,
    template: ok ? r.template : "", checks: ok ? r.checks.length : -1, warnings: ok ? r.warnings.length : 0,
    error: ok ? null : r.error || (r.duplicate_of ? { code: "duplicate", message: r.duplicate_of } : null),
  };
}

function renderList() {
  const q = $("#filter").value.trim().toLowerCase();
  const onlyFailing = $("#failing").checked;
  const { key, dir } = state.sort;
  const rows = state.records.map(rowOf)
    .filter((x) => !q || [x.file, x.organ, String(x.year ?? ""), x.template].some((s) => s.toLowerCase().includes(q)))
    .filter((x) => !onlyFailing || x.checks !== 0)
    .sort((a, b) => {
      const va = a[key] ?? "", vb = b[key] ?? "";
      return (typeof va === "number" && typeof vb === "number" ? va - vb : String(va).localeCompare(String(vb), "zh")) * dir;
    });
  const tbody = $("#list tbody");
  tbody.replaceChildren();
  for (const x of rows) {
    const tr = el("tr", { class: x.error ? "error" : x.checks > 0 ? "bad" : null },
      el("td", { text: x.file }), el("td", { text: x.error ? `${x.error.code}: ${x.error.message}` : x.organ }),
      el("td", { class: "num", text: fmt(x.year) }), el("td", { text: x.template }),
      el("td", { class: "num", text: x.checks < 0 ? "" : String(x.checks) }), el("td", { class: "num", text: String(x.warnings) }));
    tr.onclick = () => showReport(x.r);
    tbody.append(tr);
  }
  for (const th of document.querySelectorAll("#list th")) {
    th.classList.toggle("asc", th.dataset.sort === key && dir > 0);
    th.classList.toggle("desc", th.dataset.sort === key && dir < 0);
  }
  $("#results").hidden = state.records.length === 0;
}

// ---- uploads -------------------------------------------------------------------

function addFiles(list) {
  for (const { file, name } of list) {
    const li = el("li", {}, el("span", { class: "name", text: name }), el("progress", { max: 100, value: 0 }), el("span", { class: "state", text: t("waiting") }));
    $("#files").append(li);
    state.files.push({ file, name, li, done: false });
  }
  $("#queue").hidden = state.files.length === 0;
  pump();
}

let running = 0;
function pump() {
  while (running < 3) {
    const next = state.files.find((f) => !f.started);
    if (!next) return;
    next.started = true;
    running++;
    upload(next).finally(() => { running--; pump(); });
  }
}

function upload(item) {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/convert?provenance=true&name=${encodeURIComponent(item.name)}`);
    for (const [k, v] of Object.entries(authHeaders)) xhr.setRequestHeader(k, v);
    const bar = item.li.querySelector("progress"), st = item.li.querySelector(".state");
    st.textContent = t("uploading");
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) bar.value = (90 * e.loaded) / e.total; };
    xhr.upload.onload = () => { st.textContent = t("converting"); bar.value = 90; };
    xhr.onload = () => {
      bar.value = 100;
      let body;
      try { body = JSON.parse(xhr.responseText); } catch (_) { body = null; }
      const records = body === null ? [] : Array.isArray(body) ? body : [body];
      if (body === null) records.push({ schema: "nianbao/error/v1", source: { path: item.name }, error: { code: String(xhr.status), message: xhr.responseText.slice(0, 200) } });
      state.records.push(...records);
      const ok = records.some((r) => r.schema === "nianbao/report/v1");
      item.li.classList.add(ok ? "ok" : "failed");
      st.textContent = ok ? t("done") : `${t("failed")}: ${records[0] && records[0].error ? records[0].error.message : xhr.status}`;
      renderList();
      resolve();
    };
    xhr.onerror = () => { item.li.classList.add("failed"); st.textContent = t("failed"); resolve(); };
    xhr.send(item.file);
  });
}

// Folders dropped: walk their entries (webkitGetAsEntry works in Chromium and Firefox).
async function entriesOf(entry, prefix) {
  if (entry.isFile) {
    const file = await new Promise((ok, err) => entry.file(ok, err));
    return [{ file, name: prefix + file.name }];
  }
  if (!entry.isDirectory) return [];
  const reader = entry.createReader();
  const all = [];
  for (;;) {
    const batch = await new Promise((ok, err) => reader.readEntries(ok, err));
    if (!batch.length) break;
    all.push(...batch);
  }
  all.sort((a, b) => a.name.localeCompare(b.name));
  const out = [];
  for (const e of all) out.push(...(await entriesOf(e, prefix + entry.name + "/")));
  return out;
}

const WANTED = /\.(docx|pdf|html?|shtml|xhtml|txt|doc|wps|zip)$/i;

async function onDrop(ev) {
  ev.preventDefault();
  $("#drop").classList.remove("over");
  const items = [...(ev.dataTransfer.items || [])].map((i) => i.webkitGetAsEntry && i.webkitGetAsEntry()).filter(Boolean);
  if (items.length) {
    const found = [];
    for (const e of items) found.push(...(await entriesOf(e, "")));
    addFiles(found.filter((f) => items.length === 1 && items[0].isFile ? true : WANTED.test(f.name)));
  } else {
    addFiles([...ev.dataTransfer.files].map((file) => ({ file, name: file.name })));
  }
}

async function exportAll(format) {
  const fd = new FormData();
  for (const f of state.files) fd.append("file", f.file, f.name);
  const btn = document.querySelector(`[data-export="${format}"]`);
  btn.disabled = true;
  btn.title = t("exporting");
  try {
    const res = await fetch(`/api/export?format=${format}&lang=${lang}`, { method: "POST", body: fd, headers: authHeaders });
    if (!res.ok) throw new Error(await res.text());
    const blob = await res.blob();
    const a = el("a", { href: URL.createObjectURL(blob), download: `nianbao.${format}` });
    document.body.append(a);
    a.click();
    a.remove();
  } catch (e) {
    alert(String(e));
  } finally {
    btn.disabled = false;
    btn.title = "";
  }
}

// ---- wiring --------------------------------------------------------------------

function applyLang() {
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  for (const e of document.querySelectorAll("[data-t]")) e.textContent = t(e.dataset.t);
  for (const e of document.querySelectorAll("[data-tp]")) e.placeholder = t(e.dataset.tp);
  $("#lang").textContent = lang === "zh" ? "English" : "中文";
  renderList();
  if (state.shown && !$("#report").hidden) showReport(state.shown);
}

function showTip(ev) {
  const td = ev.target.closest && ev.target.closest("[data-tip]");
  const tip = $("#tip");
  if (!td) { tip.hidden = true; return; }
  tip.textContent = td.dataset.tip;
  tip.hidden = false;
  const r = td.getBoundingClientRect();
  tip.style.left = Math.min(window.innerWidth - 360, r.left) + window.scrollX + "px";
  tip.style.top = r.bottom + window.scrollY + 4 + "px";
}

function init() {
  const drop = $("#drop");
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", onDrop);
  for (const id of ["#pick", "#pickdir"]) {
    $(id).addEventListener("change", (e) => {
      const files = [...e.target.files].map((file) => ({ file, name: file.webkitRelativePath || file.name }));
      addFiles(id === "#pickdir" ? files.filter((f) => WANTED.test(f.name)) : files);
      e.target.value = "";
    });
  }
  $("#filter").addEventListener("input", renderList);
  $("#failing").addEventListener("change", renderList);
  for (const th of document.querySelectorAll("#list th[data-sort]")) {
    th.addEventListener("click", () => {
      const k = th.dataset.sort;
      state.sort = { key: k, dir: state.sort.key === k ? -state.sort.dir : 1 };
      renderList();
    });
  }
  for (const b of document.querySelectorAll("[data-export]")) b.addEventListener("click", () => exportAll(b.dataset.export));
  $("#lang").addEventListener("click", () => {
    lang = lang === "zh" ? "en" : "zh";
    localStorage.setItem("nianbao.lang", lang);
    applyLang();
  });
  document.addEventListener("mouseover", showTip);
  applyLang();
  // ?src=URL (repeatable): convert files the browser can fetch, then show the
  // first report (used by the browser test, handy for links).
  const srcs = params.getAll("src");
  if (srcs.length) {
    Promise.all(srcs.map(async (u) => {
      const res = await fetch(u);
      const blob = await res.blob();
      return { file: blob, name: decodeURIComponent(u.split("/").pop() || "upload") };
    })).then((files) => {
      addFiles(files);
      const wait = setInterval(() => {
        if (state.files.every((f) => f.li.classList.contains("ok") || f.li.classList.contains("failed"))) {
          clearInterval(wait);
          const reports = state.records.filter((r) => r.schema === "nianbao/report/v1");
          const first = reports.find((r) => r.checks.length) || reports[0];
          if (first) showReport(first);
          document.body.dataset.ready = "true";
        }
      }, 50);
    }).catch((e) => { document.body.dataset.ready = "error: " + e; });
  }
}

init();
