import { h } from './dom.js'
import { dateOfDay, dayNumber, FIRST_DAY, today } from './format.js'

// "As of": a slider from 2019 to today and a date field; every view shows the graph as it stood
// on that day. Slider steps replace the history entry (one entry per drag, not per day).

export class AsOfControl {
  readonly element: HTMLElement
  private readonly slider: HTMLInputElement
  private readonly field: HTMLInputElement
  private readonly shown: HTMLOutputElement
  private timer: ReturnType<typeof setTimeout> | undefined

  constructor(private readonly onChange: (date: string, final: boolean) => void) {
    const first = dayNumber(FIRST_DAY)
    const last = dayNumber(today())
    this.slider = h('input', { type: 'range', id: 'as-of-slider', min: first, max: last, step: 1, 'aria-label': 'As of (slider, one step a day)' })
    this.field = h('input', { type: 'date', id: 'as-of-date', min: FIRST_DAY, max: today(), 'aria-label': 'As of (date)' })
    this.shown = h('output', { for: 'as-of-slider', class: 'as-of-shown' })
    this.slider.addEventListener('input', () => {
      const date = dateOfDay(Number(this.slider.value))
      this.field.value = date
      this.shown.value = date
      clearTimeout(this.timer)
      this.timer = setTimeout(() => this.onChange(date, false), 150)
    })
    this.field.addEventListener('change', () => {
      if (/^\d{4}-\d{2}-\d{2}$/.test(this.field.value)) this.onChange(this.field.value, true)
    })
    const todayButton = h('button', { type: 'button', class: 'small' }, 'Today')
    todayButton.addEventListener('click', () => this.onChange(today(), true))
    this.element = h(
      'section',
      { class: 'as-of', 'aria-label': 'As of' },
      h('label', { for: 'as-of-date', class: 'as-of-label' }, 'As of'),
      this.field,
      h('span', { class: 'as-of-range' }, h('span', { 'aria-hidden': 'true' }, '2019'), this.slider, h('span', { 'aria-hidden': 'true' }, 'today')),
      this.shown,
      todayButton,
    )
  }

  /** Shows `date` without reporting a change. */
  set(date: string): void {
    if (this.field.value !== date) this.field.value = date
    const day = String(dayNumber(date))
    if (this.slider.value !== day && document.activeElement !== this.slider) this.slider.value = day
    this.shown.value = date
  }
}
