// Browser side of the demo portal's spa style: a small single-page app. It keeps the API's bearer token
// in localStorage (`jl_token`) and calls the JSON API on its own origin, the way a flow would. Text and
// settings come from the `#spa-config` block the server renders (src/portal/spa/text.ts).
(() => {
  const config = JSON.parse(document.getElementById('spa-config')?.textContent ?? '{}');
  const t = config.text;
  const TOKEN_KEY = 'jl_token';

  const withLang = (path) =>
    config.lang === 'en' ? `${path}${path.includes('?') ? '&' : '?'}lang=en` : path;
  const localPath = (value) =>
    typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.includes('\\')
      ? value
      : '/';

  async function api(method, path, body) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const token = localStorage.getItem(TOKEN_KEY);
    if (token) headers.Authorization = `Bearer ${token}`;
    const response = await fetch(`${config.apiUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = response.status === 204 ? null : await response.json().catch(() => null);
    return { status: response.status, data };
  }

  function toLogin() {
    localStorage.removeItem(TOKEN_KEY);
    window.location.href = withLang(`/login?returnUrl=${encodeURIComponent(window.location.pathname)}`);
  }

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'className') node.className = value;
      else if (key.startsWith('data-'))
        node.dataset[key.slice(5).replace(/-(\w)/g, (_, c) => c.toUpperCase())] = value;
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat()) if (child !== null && child !== undefined) node.append(child);
    return node;
  }

  function say(node, text, isError) {
    if (!node) return;
    node.textContent = text;
    node.classList.toggle('error', Boolean(isError));
    node.hidden = false;
  }

  const explain = (result) =>
    t.errors[result.data?.error] ?? t.busy.replace('{status}', String(result.status));

  function dayOf(date) {
    const [y, m, d] = String(date).split('-').map(Number);
    return t.weekdays[new Date(Date.UTC(y, m - 1, d)).getUTCDay()] ?? '';
  }

  // --- login page -------------------------------------------------------------------------------------
  async function loginPage() {
    const target = withLang(localPath(new URLSearchParams(window.location.search).get('returnUrl') ?? '/'));
    if (localStorage.getItem(TOKEN_KEY)) {
      // A token left from an earlier visit: go on if it still works, else forget it and ask again.
      const me = await api('GET', '/api/v1/me').catch(() => ({ status: 0 }));
      if (me.status === 200) {
        window.location.href = target;
        return;
      }
      localStorage.removeItem(TOKEN_KEY);
    }
    const form = document.getElementById('login-form');
    const button = document.getElementById('login');
    const error = document.querySelector('.form-error');
    form?.addEventListener('submit', async (event) => {
      event.preventDefault();
      button.disabled = true;
      button.textContent = t.loggingIn;
      try {
        const result = await api('POST', '/api/v1/auth/login', {
          phone: document.getElementById('phone').value.trim(),
          password: document.getElementById('password').value,
        });
        if (result.status === 200 && typeof result.data?.token === 'string') {
          localStorage.setItem(TOKEN_KEY, result.data.token);
          window.location.href = target;
          return;
        }
        say(error, result.status === 401 ? t.badCredentials : explain(result), true);
      } catch {
        say(error, t.network, true);
      }
      button.disabled = false;
      button.textContent = t.loginButton;
    });
  }

  // --- events page ------------------------------------------------------------------------------------
  const CLASSES = config.redesign
    ? {
        card: 'hd-item',
        title: 'hd-name',
        date: 'hd-day',
        time: 'hd-hours',
        seats: 'hd-remain',
        status: 'hd-state',
      }
    : {
        card: 'course-card event-card',
        title: 'course-card-title event-title',
        date: 'event-date',
        time: 'event-time',
        seats: 'seats-left event-remaining',
        status: 'course-status event-status',
      };

  function eventCard(event, students, onRegister) {
    const message = el('p', { className: 'register-message', hidden: true });
    let form = null;
    if (event.status === 'open' && students.length > 0) {
      const select = el(
        'select',
        { className: 'student-select', name: 'studentId' },
        students.map((s) => el('option', { value: s.id }, s.name)),
      );
      const button = el(
        'button',
        { type: 'submit', className: 'btn btn-primary btn-small register-btn' },
        t.register,
      );
      form = el(
        'form',
        { className: 'register-form', 'data-event-id': event.id },
        el('label', {}, `${t.student} `, select),
        ' ',
        button,
      );
      form.addEventListener('submit', async (submit) => {
        submit.preventDefault();
        button.disabled = true;
        try {
          const result = await api('POST', '/api/v1/registrations', {
            eventId: event.id,
            studentId: select.value,
          });
          if (result.status === 401) return toLogin();
          if (result.status === 201) {
            await onRegister();
            return;
          }
          say(message, explain(result), true);
        } catch {
          say(message, t.network, true);
        }
        button.disabled = false;
      });
    }
    const label = config.redesign ? t.remainingRedesign : t.remaining;
    return el(
      'article',
      {
        className: `${CLASSES.card} status-${event.status}`,
        'data-event-id': event.id,
        'data-status': event.status,
      },
      el(
        'h3',
        { className: CLASSES.title },
        el('a', { href: withLang(`/events/${encodeURIComponent(event.id)}`) }, event.title),
      ),
      el('p', { className: 'card-code' }, event.id),
      el(
        'ul',
        { className: 'card-meta' },
        el('li', { className: CLASSES.date, 'data-date': event.date }, `${event.date} ${dayOf(event.date)}`),
        el(
          'li',
          { className: CLASSES.time, 'data-start': event.start, 'data-end': event.end },
          `${event.start}-${event.end}`,
        ),
      ),
      el(
        'div',
        { className: 'card-foot' },
        el(
          'span',
          { className: CLASSES.seats, 'data-remaining': event.remaining },
          `${label} `,
          el('b', {}, String(event.remaining)),
          ` / ${event.capacity}`,
        ),
        el(
          'span',
          { className: `${CLASSES.status} status-${event.status}`, 'data-status': event.status },
          t.status[event.status] ?? event.status,
        ),
      ),
      form,
      message,
    );
  }

  function registrationTable(registrations, events, students) {
    if (registrations.length === 0) return el('p', { className: 'empty-registrations' }, t.noRegistrations);
    const title = (id) => events.find((e) => e.id === id)?.title ?? id;
    const student = (id) => students.find((s) => s.id === id)?.name ?? id;
    const cols = t.registrationCols;
    return el(
      'table',
      { className: 'data-table registration-table' },
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          [cols.event, cols.student, cols.status, cols.createdAt].map((c) => el('th', {}, c)),
        ),
      ),
      el(
        'tbody',
        {},
        registrations.map((r) =>
          el(
            'tr',
            {
              className: 'registration-row',
              'data-registration-id': r.id,
              'data-event-id': r.eventId,
              'data-student-id': r.studentId,
              'data-status': r.status,
            },
            el('td', {}, `${title(r.eventId)}（${r.eventId}）`),
            el('td', {}, student(r.studentId)),
            el('td', { className: 'registration-status' }, t.registration[r.status] ?? r.status),
            el('td', {}, new Date(r.createdAt).toLocaleString(config.lang === 'en' ? 'en-GB' : 'zh-CN')),
          ),
        ),
      ),
    );
  }

  async function eventsPage() {
    if (!localStorage.getItem(TOKEN_KEY)) return toLogin();
    const message = document.getElementById('message');
    const list = document.getElementById('events');
    const mine = document.getElementById('registrations');
    document.getElementById('logout')?.addEventListener('click', async () => {
      await api('POST', '/api/v1/auth/logout').catch(() => null);
      toLogin();
    });

    async function render(notice) {
      const query = config.eventId ? `?ids=${encodeURIComponent(config.eventId)}` : '';
      const [me, events, registrations] = await Promise.all([
        api('GET', '/api/v1/me'),
        api('GET', `/api/v1/events${query}`),
        api('GET', '/api/v1/registrations'),
      ]);
      if ([me, events, registrations].some((r) => r.status === 401)) return toLogin();
      const failed = [me, events, registrations].find((r) => r.status !== 200);
      if (failed) return say(message, explain(failed), true);
      const students = me.data.students ?? [];
      document.getElementById('user-name').textContent = me.data.account?.name ?? '';
      const phone = String(me.data.account?.phone ?? '');
      document.getElementById('user-phone').textContent =
        phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone;
      document.querySelector('.user-box').hidden = false;
      const rows = events.data.events ?? [];
      list.replaceChildren(...rows.map((e) => eventCard(e, students, () => render(t.registered))));
      mine.replaceChildren(registrationTable(registrations.data.registrations ?? [], rows, students));
      if (rows.length === 0) say(message, t.noEvents, false);
      else if (notice) say(message, notice, false);
      else message.hidden = true;
      document.body.dataset.ready = 'true';
    }

    try {
      await render();
    } catch {
      say(message, t.network, true);
    }
  }

  if (config.page === 'login') void loginPage();
  else if (config.page === 'events') void eventsPage();
})();
