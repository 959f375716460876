// Small behaviours of our own pages; served from our static files (CSP allows no inline scripts).
document.addEventListener("submit", function (event) {
  const button = event.submitter;
  const message = button && button.dataset ? button.dataset.confirm : null;
  if (message && !window.confirm(message)) {
    event.preventDefault();
    return;
  }
  // Long operations (checking a 10 000-row file) say that they are working and cannot be sent twice.
  const busyText = button && button.dataset ? button.dataset.busyText : null;
  if (busyText) {
    window.setTimeout(function () {
      button.disabled = true;
      button.textContent = busyText;
    }, 0);
  }
});

// User and role forms: offer only the roles that may be given in the chosen organization.
document.addEventListener("DOMContentLoaded", function () {
  const data = document.getElementById("grantable-roles");
  const form = document.querySelector("form[data-role-filter]");
  if (!data || !form) {
    return;
  }
  const grantable = JSON.parse(data.textContent);
  const organization = form.querySelector("select[name=organization]");
  const role = form.querySelector("select[name=role]");
  if (!organization || !role) {
    return;
  }
  function filterRoles() {
    const allowed = grantable[organization.value] || null;
    let selectedStillAllowed = false;
    for (const option of role.options) {
      const visible = allowed === null || allowed.includes(option.value);
      option.hidden = !visible;
      option.disabled = !visible;
      if (visible && option.selected) {
        selectedStillAllowed = true;
      }
    }
    if (!selectedStillAllowed) {
      const first = Array.from(role.options).find(function (option) { return !option.disabled; });
      if (first) {
        role.value = first.value;
      }
    }
  }
  organization.addEventListener("change", filterRoles);
  filterRoles();
});

// Program form: show only the role variants of the chosen form (their labels start with its name).
document.addEventListener("DOMContentLoaded", function () {
  const formSelect = document.querySelector("select#id_form");
  const variants = document.getElementById("id_role_variants");
  if (!formSelect || !variants) {
    return;
  }
  function filterVariants() {
    const chosen = formSelect.value ? formSelect.options[formSelect.selectedIndex].text + ":" : null;
    for (const label of variants.querySelectorAll("label")) {
      const matches = chosen === null || label.textContent.trim().startsWith(chosen);
      label.parentElement.hidden = !matches;
      if (!matches) {
        label.querySelector("input").checked = false;
      }
    }
  }
  formSelect.addEventListener("change", filterVariants);
  filterVariants();
});
