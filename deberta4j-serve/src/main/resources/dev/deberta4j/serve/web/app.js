// The demo page: classify a sentence (bars per label) or, with an MLM model, fill its [MASK].
// No build step: plain browser JavaScript talking to the server's own JSON routes.
"use strict";

const $ = (id) => document.getElementById(id);
let info = null;

function headers() {
  const h = { "Content-Type": "application/json" };
  const key = $("key").value.trim();
  if (key) h["Authorization"] = "Bearer " + key;
  return h;
}

async function post(route, body) {
  const res = await fetch(route, { method: "POST", headers: headers(), body: JSON.stringify(body) });
  const data = await res.json();
  if (!res.ok) throw new Error(data.error || ("HTTP " + res.status));
  return data;
}

function row(label, score, max) {
  const div = document.createElement("div");
  div.className = "row";
  const name = document.createElement("span");
  name.className = "label";
  name.textContent = label;
  const bar = document.createElement("div");
  bar.className = "bar";
  const fill = document.createElement("div");
  fill.className = "fill";
  fill.style.width = (100 * Math.max(0, score) / (max || 1)).toFixed(1) + "%";
  bar.appendChild(fill);
  const value = document.createElement("span");
  value.className = "score";
  value.textContent = score.toFixed(4);
  div.append(name, bar, value);
  return div;
}

async function analyse(text) {
  const out = $("result");
  out.textContent = "분석 중…";
  try {
    const arch = info ? info.architecture : "";
    const rows = [];
    if (arch === "DebertaV2ForMaskedLM") {
      const mask = text.includes("[MASK]") ? text : text + " [MASK]";
      let preds = await post("/fill-mask", { inputs: mask, top_k: 5 });
      if (Array.isArray(preds[0])) preds = preds[0];
      for (const p of preds) rows.push(row(p.token_str, p.score, 1));
      $("hint").textContent = "[MASK] 자리에 올 상위 토큰입니다.";
    } else if (info && (info.model_type.classifier || info.model_type.reranker)) {
      const preds = await post("/predict", { inputs: text });
      for (const p of preds) rows.push(row(p.label, p.score, 1));
    } else {
      out.textContent = "이 모델(" + arch + ")은 데모에서 지원하지 않습니다. API를 사용하세요.";
      return;
    }
    out.replaceChildren(...rows);
    out.dataset.done = "true";
  } catch (e) {
    out.innerHTML = "";
    const p = document.createElement("p");
    p.className = "error";
    p.textContent = "오류: " + e.message;
    out.appendChild(p);
    out.dataset.done = "error";
  }
}

async function main() {
  try {
    const res = await fetch("/info", { headers: headers() });
    info = await res.json();
    $("model").textContent = "모델: " + info.model_id + " (" + info.architecture + ", 최대 " + info.max_input_length + " 토큰)";
    if (info.architecture === "DebertaV2ForMaskedLM") {
      $("hint").textContent = "[MASK]가 들어간 문장을 입력하면 가장 알맞은 토큰을 보여 줍니다.";
      $("text").placeholder = "예: 서울은 한국의 [MASK]이다.";
    }
  } catch (e) {
    $("model").textContent = "모델 정보를 불러오지 못했습니다: " + e.message;
  }
  $("form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = $("text").value.trim();
    if (text) analyse(text);
  });
  // ?text=... fills the box and submits it (links, and the headless-browser test)
  const given = new URLSearchParams(location.search).get("text");
  if (given) {
    $("text").value = given;
    $("form").requestSubmit();
  }
}

main();
