// Enhances the query page: replaces the plain form with the Yasgui editor pointed at the page's endpoint and
// lets each named query's "Load" button put the query into the editor and run it. Without this script the
// page still works through the plain forms.
(function () {
  'use strict';
  var host = document.getElementById('yasgui');
  var form = document.getElementById('query-form');
  if (!host || !form || typeof window.Yasgui === 'undefined') return;
  var endpoint = new URL(host.getAttribute('data-endpoint') || '/sparql', window.location.href).href;
  var yasgui = new window.Yasgui(host, {
    requestConfig: { endpoint: endpoint, method: 'POST' },
    copyEndpointOnNewTab: false,
    persistenceId: null,
    populateFromUrl: false,
    endpointCatalogueOptions: { getData: function () { return []; } },
  });
  var textarea = form.querySelector('textarea');
  var tab = yasgui.getTab();
  if (tab && textarea) tab.setQuery(textarea.value);
  form.hidden = true;
  host.hidden = false;
  var buttons = document.querySelectorAll('button[data-load-query]');
  Array.prototype.forEach.call(buttons, function (button) {
    button.hidden = false;
    button.addEventListener('click', function (event) {
      event.preventDefault();
      var source = button.form && button.form.elements.namedItem('query');
      var current = yasgui.getTab();
      if (!source || !current) return;
      current.setQuery(source.value);
      current.query();
      host.scrollIntoView({ behavior: 'smooth', block: 'start' });
    });
  });
})();
