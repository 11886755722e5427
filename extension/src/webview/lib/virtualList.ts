/** A virtualised list: only the rows in view (plus a margin) exist in the DOM. Rows have fixed heights. */
export interface VirtualRow {
  height: number;
  key: string;
  render(): HTMLElement;
  selectable: boolean;
}

export class VirtualList {
  readonly el: HTMLDivElement;
  private readonly spacer: HTMLDivElement;
  private rows: VirtualRow[] = [];
  private offsets: number[] = [];
  private selectedKey: string | undefined;
  private frame = 0;

  constructor(
    private readonly onSelect: (key: string) => void,
    private readonly onNearEnd: () => void,
    private readonly onActivate: (key: string) => void,
  ) {
    this.el = document.createElement('div');
    this.el.className = 'list';
    this.el.tabIndex = 0;
    this.el.setAttribute('role', 'listbox');
    this.el.setAttribute('aria-label', 'Events');
    this.spacer = document.createElement('div');
    this.spacer.className = 'spacer';
    this.el.appendChild(this.spacer);
    this.el.addEventListener('scroll', () => this.schedule());
    this.el.addEventListener('keydown', (e) => this.key(e));
    new ResizeObserver(() => this.schedule()).observe(this.el);
  }

  setRows(rows: VirtualRow[]): void {
    this.rows = rows;
    this.offsets = [];
    let y = 0;
    for (const r of rows) {
      this.offsets.push(y);
      y += r.height;
    }
    this.spacer.style.height = `${y}px`;
    this.render();
  }

  get selected(): string | undefined {
    return this.selectedKey;
  }

  select(key: string, scroll = true): void {
    this.selectedKey = key;
    const i = this.rows.findIndex((r) => r.key === key);
    if (i >= 0 && scroll) {
      const top = this.offsets[i]!;
      const bottom = top + this.rows[i]!.height;
      if (top < this.el.scrollTop) this.el.scrollTop = top;
      else if (bottom > this.el.scrollTop + this.el.clientHeight) this.el.scrollTop = bottom - this.el.clientHeight;
    }
    this.render();
    this.onSelect(key);
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private render(): void {
    const top = this.el.scrollTop;
    const bottom = top + (this.el.clientHeight || 600);
    const margin = 400;
    let first = 0;
    while (first < this.rows.length - 1 && this.offsets[first + 1]! < top - margin) first++;
    const nodes: HTMLElement[] = [];
    for (let i = first; i < this.rows.length && this.offsets[i]! < bottom + margin; i++) {
      const row = this.rows[i]!;
      const node = row.render();
      node.style.top = `${this.offsets[i]}px`;
      node.style.height = `${row.height}px`;
      node.dataset.key = row.key;
      if (row.selectable) {
        node.setAttribute('role', 'option');
        node.setAttribute('aria-selected', String(row.key === this.selectedKey));
        if (row.key === this.selectedKey) node.classList.add('selected');
        node.addEventListener('click', () => this.select(row.key, false));
        node.addEventListener('dblclick', () => this.onActivate(row.key));
      }
      nodes.push(node);
    }
    this.spacer.replaceChildren(...nodes);
    const total = this.offsets.length ? this.offsets[this.offsets.length - 1]! + this.rows[this.rows.length - 1]!.height : 0;
    if (bottom + margin >= total) this.onNearEnd();
  }

  private key(e: KeyboardEvent): void {
    const selectable = this.rows.filter((r) => r.selectable);
    if (!selectable.length) return;
    const i = selectable.findIndex((r) => r.key === this.selectedKey);
    let next = -1;
    if (e.key === 'ArrowDown' || e.key === 'j') next = Math.min(selectable.length - 1, i + 1);
    else if (e.key === 'ArrowUp' || e.key === 'k') next = Math.max(0, i - 1);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = selectable.length - 1;
    else if (e.key === 'PageDown') next = Math.min(selectable.length - 1, Math.max(0, i) + 10);
    else if (e.key === 'PageUp') next = Math.max(0, i - 10);
    else if (e.key === 'Enter' && this.selectedKey) {
      this.onActivate(this.selectedKey);
      e.preventDefault();
      return;
    }
    if (next >= 0) {
      e.preventDefault();
      this.select(selectable[next]!.key);
    }
  }
}
