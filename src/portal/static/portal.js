// Browser side of the demo portal. Every action goes through the site's JSON API with the CSRF token
// from <meta name="csrf-token">, the same way a flow would.
(() => {
  const csrfToken = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';

  const ERRORS = {
    already_in_cart: '该学员已在购物车中保留了这门课程',
    already_ordered: '该学员已报名这门课程，请在“我的订单”中查看',
    no_seats: '手慢了，名额已被抢完',
    cart_full: '购物车已满，请先提交或移除已有课程',
    not_open: '当前不在补录时间，暂不可报名',
    not_found: '课程或记录不存在，请刷新页面',
    unknown_student: '请选择报名学员',
    rate_limited: '操作过于频繁，请稍后再试',
  };

  async function api(method, url, body) {
    const response = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 401) {
      window.location.href = `/login?returnUrl=${encodeURIComponent(window.location.pathname + window.location.search)}`;
    }
    const data = response.status === 204 ? null : await response.json().catch(() => null);
    return { status: response.status, data };
  }

  function explain(result) {
    return ERRORS[result.data?.error] ?? `系统繁忙，请稍后再试（${result.status}）`;
  }

  function show(element, text, isError) {
    if (!element) return;
    element.textContent = text;
    element.classList.toggle('error', isError);
    element.hidden = false;
  }

  function formatLeft(ms) {
    const total = Math.max(0, Math.ceil(ms / 1000));
    return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
  }

  function setCartCount(count) {
    const cartLink = document.querySelector('.main-nav a[href="/cart"]');
    if (!cartLink) return;
    let badge = cartLink.querySelector('.cart-count');
    if (!badge) {
      badge = document.createElement('span');
      badge.className = 'badge cart-count';
      cartLink.append(' ', badge);
    }
    badge.textContent = String(count);
  }

  const STATUS_LABELS = { open: '可报名', full: '已满', closed: '报名结束', lottery: '摇号中' };
  const BUTTON_LABELS = {
    open: '加入购物车',
    full: '名额已满',
    closed: '报名已结束',
    lottery: '摇号中，暂不可报名',
  };

  async function refreshSeats(courseId) {
    const result = await api('GET', `/api/courses/${encodeURIComponent(courseId)}`);
    const course = result.data?.course;
    const seatsBox = document.querySelector('.seats-left');
    if (!course || !seatsBox || typeof course.seatsLeft !== 'number') return;
    seatsBox.dataset.seats = String(course.seatsLeft);
    const number = seatsBox.querySelector('b');
    if (number) number.textContent = String(course.seatsLeft);
    const status = document.querySelector('.course-status');
    if (status && STATUS_LABELS[course.status]) {
      status.dataset.status = course.status;
      status.className = `course-status status-${course.status}`;
      status.textContent = STATUS_LABELS[course.status];
    }
    const button = document.querySelector('.add-to-cart-btn');
    if (button && BUTTON_LABELS[course.status]) button.textContent = BUTTON_LABELS[course.status];
    return course.status;
  }

  function initEnroll(form) {
    const message = document.querySelector('[data-enroll-message]');
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const button = form.querySelector('button[type="submit"]');
      const select = form.querySelector('select[name="studentId"]');
      const courseId = form.dataset.courseId;
      if (button) button.disabled = true;
      try {
        const result = await api('POST', '/api/cart', { courseId, studentId: select?.value });
        if (result.status === 201) {
          const left = formatLeft(Date.parse(result.data.item.expiresAt) - Date.now());
          const student = select?.selectedOptions[0]?.dataset.name ?? '';
          show(message, `已为${student}保留名额，请在 ${left} 内到购物车提交订单。`, false);
          const link = document.createElement('a');
          link.href = '/cart';
          link.textContent = ' 去购物车 →';
          message?.append(link);
          const cart = await api('GET', '/api/cart');
          if (Array.isArray(cart.data?.items)) setCartCount(cart.data.items.length);
        } else {
          show(message, explain(result), true);
        }
        const status = await refreshSeats(courseId);
        if (button) button.disabled = status !== undefined && status !== 'open';
      } catch {
        show(message, '网络异常，请检查网络后重试', true);
        if (button) button.disabled = false;
      }
    });
  }

  function tickCountdowns() {
    for (const countdown of document.querySelectorAll('.countdown[data-expires-at]')) {
      const left = Date.parse(countdown.dataset.expiresAt) - Date.now();
      const row = countdown.closest('.cart-item');
      if (left > 0) {
        countdown.textContent = formatLeft(left);
      } else if (!row?.classList.contains('expired')) {
        countdown.textContent = '已释放';
        row?.classList.add('expired');
        for (const button of row?.querySelectorAll('.submit-order-btn') ?? []) button.disabled = true;
      }
    }
  }

  function onClick(selector, handler) {
    for (const button of document.querySelectorAll(selector)) {
      button.addEventListener('click', async () => {
        const message = document.querySelector('[data-action-message]');
        button.disabled = true;
        try {
          const result = await handler(button);
          if (result.status >= 200 && result.status < 300) return;
          show(message, explain(result), true);
        } catch {
          show(message, '网络异常，请检查网络后重试', true);
        }
        button.disabled = false;
      });
    }
  }

  for (const form of document.querySelectorAll('form[data-enroll]')) initEnroll(form);

  if (document.querySelector('.countdown')) {
    tickCountdowns();
    setInterval(tickCountdowns, 1000);
  }

  onClick('.submit-order-btn', async (button) => {
    const result = await api('POST', '/api/orders', { itemId: button.dataset.itemId });
    if (result.status === 201) window.location.href = '/orders';
    return result;
  });
  onClick('.remove-item-btn', async (button) => {
    const result = await api('DELETE', `/api/cart/${encodeURIComponent(button.dataset.itemId)}`);
    if (result.status === 204) window.location.reload();
    return result;
  });
  onClick('.cancel-order-btn', async (button) => {
    const result = await api('POST', `/api/orders/${encodeURIComponent(button.dataset.orderId)}/cancel`);
    if (result.status === 200) window.location.reload();
    return result;
  });

  const captcha = document.querySelector('img.captcha');
  captcha?.addEventListener('click', () => {
    captcha.src = `/captcha.svg?refresh=1&t=${Date.now()}`;
  });
})();
