// <age-verification> custom element: the site's glue around agegate (unmodified, from npm).
import agegate, { getData } from "/_vendor/npm/agegate/src/index.js";

class AgeVerification extends HTMLElement {
  connectedCallback() {
    const key = this.getAttribute("storage-key") || "age-verified";
    if (localStorage.getItem(key) === "true") { this.remove(); return; }
    const root = this.attachShadow({ mode: "open" });
    const def = this.getAttribute("default-country") || "GB";
    root.innerHTML = `<style>
      :host{position:fixed;inset:0;z-index:100000;display:block}
      .bg{position:absolute;inset:0;background:rgba(10,10,10,.9);backdrop-filter:blur(6px)}
      .box{position:relative;margin:12vh auto;max-width:460px;background:#111;color:#eee;padding:32px;border-top:4px solid #c8963e;font-family:sans-serif}
      select,button{padding:8px;margin:4px 0;font-size:15px} button{background:#c8963e;border:0;color:#111;width:100%;font-weight:bold}
      .err{color:#f77}
    </style><div class="bg"></div>
    <div class="box" role="dialog" aria-modal="true" aria-label="Age verification">
      <slot name="logo"></slot>
      <h2><slot name="title">Are you of legal drinking age?</slot></h2>
      <form>
        <fieldset style="border:0;padding:0"><legend>Date of birth</legend>
        <select name="d" aria-label="Day"><option value="">DD</option>${[...Array(31)].map((_, i) => `<option>${i + 1}</option>`).join("")}</select>
        <select name="m" aria-label="Month"><option value="">MM</option>${[...Array(12)].map((_, i) => `<option value="${i}">${i + 1}</option>`).join("")}</select>
        <select name="y" aria-label="Year"><option value="">YYYY</option>${[...Array(100)].map((_, i) => `<option>${new Date().getFullYear() - i}</option>`).join("")}</select>
        </fieldset>
        <label>Where are you?<br><select name="c">${getData().map((c) => `<option value="${c.code}"${c.code === def ? " selected" : ""}>${c.name}</option>`).join("")}</select></label>
        <label><input type="checkbox" name="r"> Remember me</label>
        <button type="submit">Enter site</button><p class="err"></p>
      </form><slot name="small"></slot></div>`;
    root.querySelector("form").addEventListener("submit", (e) => {
      e.preventDefault();
      const f = e.target;
      const ok = f.y.value && agegate(new Date(Number(f.y.value), Number(f.m.value || 0), Number(f.d.value || 1)), f.c.value);
      if (ok) {
        if (f.r.checked) localStorage.setItem(key, "true");
        this.dispatchEvent(new CustomEvent("verified", { bubbles: true }));
        this.remove();
      } else {
        root.querySelector(".err").textContent = "Sorry, you are not of legal drinking age where you live.";
      }
    });
  }
}
customElements.define("age-verification", AgeVerification);
