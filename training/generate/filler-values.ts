/**
 * Unlabelled filler values for template slots: dates, times, amounts, e-mail addresses, phone
 * numbers, products, job titles, languages, nationalities and other words that look like names
 * (capitalised, proper-noun-like) but are not PERSON, LOCATION, ORGANIZATION or STREET.
 */
import { readList } from './data-files.js';
import type { LocaleFakers } from './locale-fakers.js';
import type { RandomChoices } from './random-choices.js';

const fillerLists = [
  'months',
  'weekdays',
  'products',
  'software',
  'job-titles',
  'languages',
  'nationalities',
  'programming-languages',
  'departments',
  'medications',
  'conditions',
  'dishes',
  'holidays',
  'subjects',
  'emoji',
] as const;
type FillerList = (typeof fillerLists)[number];

export const fillerSlots = [
  'date',
  'iso_date',
  'year_range',
  'weekday',
  'month',
  'year',
  'time',
  'product',
  'software',
  'job_title',
  'email',
  'phone',
  'number',
  'amount',
  'language',
  'nationality',
  'programming_language',
  'url',
  'username',
  'percent',
  'zip',
  'age',
  'duration',
  'emoji',
  'department',
  'reference',
  'ip',
  'file_name',
  'medication',
  'condition',
  'dish',
  'holiday',
  'subject',
  'noun',
  'adjective',
  'verb',
] as const;
export type FillerSlot = (typeof fillerSlots)[number];

const phoneLocales = ['en_US', 'en_GB', 'de', 'fr', 'es', 'it', 'nl', 'en_IN', 'pt_BR', 'en_AU', 'ja', 'pl', 'sv', 'tr'];
const earliest = new Date('2012-01-01T00:00:00Z');
const latest = new Date('2027-12-31T00:00:00Z');

export class FillerValues {
  private readonly lists = new Map<FillerList, string[]>();

  constructor(
    private readonly random: RandomChoices,
    private readonly fakers: LocaleFakers,
  ) {
    for (const name of fillerLists) this.lists.set(name, readList(`data/fillers/${name}.txt`));
  }

  private list(name: FillerList): string[] {
    const list = this.lists.get(name);
    if (!list) throw new Error(`no filler list ${name}`);
    return list;
  }

  value(slot: FillerSlot): string {
    const faker = this.fakers.main;
    switch (slot) {
      case 'date':
        return this.date();
      case 'year_range': {
        const start = this.random.integer(1985, 2022);
        const end = start + this.random.integer(1, 6);
        return this.random.chance(0.5) ? `${start}–${end}` : `${start} - ${end}`;
      }
      case 'iso_date':
        return this.fakers.main.date.between({ from: earliest, to: latest }).toISOString().slice(0, 10);
      case 'weekday':
        return this.random.pick(this.list('weekdays'));
      case 'month':
        return this.random.pick(this.list('months'));
      case 'year':
        return String(this.random.integer(1955, 2027));
      case 'time':
        return this.time();
      case 'product':
        return this.random.chance(0.1) ? faker.commerce.productName() : this.random.pick(this.list('products'));
      case 'software':
        return this.random.pick(this.list('software'));
      case 'job_title':
        return this.random.chance(0.12) ? faker.person.jobTitle() : this.random.pick(this.list('job-titles'));
      case 'email':
        return faker.internet.email().toLowerCase();
      case 'phone':
        return this.fakers.get(this.random.pick(phoneLocales)).phone.number();
      case 'number':
        return String(this.random.chance(0.95) ? this.random.integer(2, 30) : this.random.integer(31, 500));
      case 'amount':
        return this.amount();
      case 'language':
        return this.random.pick(this.list('languages'));
      case 'nationality':
        return this.random.pick(this.list('nationalities'));
      case 'programming_language':
        return this.random.pick(this.list('programming-languages'));
      case 'url':
        return this.random.chance(0.5) ? faker.internet.url() : faker.internet.domainName();
      case 'username':
        return faker.internet.username();
      case 'percent':
        return `${this.random.integer(1, 99)}%`;
      case 'zip':
        return faker.location.zipCode();
      case 'age':
        return String(this.random.integer(18, 92));
      case 'duration':
        return this.duration();
      case 'emoji':
        return this.random.pick(this.list('emoji'));
      case 'department':
        return this.random.pick(this.list('departments'));
      case 'reference':
        return this.reference();
      case 'ip':
        return faker.internet.ipv4();
      case 'file_name':
        return faker.system.commonFileName(this.random.pick(['pdf', 'docx', 'xlsx', 'csv', 'png', 'txt', 'zip']));
      case 'medication':
        return this.random.pick(this.list('medications'));
      case 'condition':
        return this.random.pick(this.list('conditions'));
      case 'dish':
        return this.random.pick(this.list('dishes'));
      case 'holiday':
        return this.random.pick(this.list('holidays'));
      case 'subject':
        return this.random.pick(this.list('subjects'));
      case 'noun':
        return faker.word.noun();
      case 'adjective':
        return faker.word.adjective();
      case 'verb':
        return faker.word.verb();
    }
  }

  private date(): string {
    const date = this.fakers.main.date.between({ from: earliest, to: latest });
    const year = date.getUTCFullYear();
    const month = date.getUTCMonth() + 1;
    const day = date.getUTCDate();
    const monthName = this.list('months')[month - 1] as string;
    const two = (value: number) => String(value).padStart(2, '0');
    const ordinal = (value: number) => `${value}${value % 10 === 1 && value !== 11 ? 'st' : value % 10 === 2 && value !== 12 ? 'nd' : value % 10 === 3 && value !== 13 ? 'rd' : 'th'}`;
    switch (this.random.integer(0, 10)) {
      case 0:
      case 1:
        return `${year}-${two(month)}-${two(day)}`;
      case 2:
        return `${two(day)}/${two(month)}/${year}`;
      case 3:
        return `${month}/${day}/${year}`;
      case 4:
        return `${monthName} ${day}, ${year}`;
      case 5:
        return `${day} ${monthName} ${year}`;
      case 6:
        return `${monthName.slice(0, 3)} ${day}`;
      case 7:
        return `${ordinal(day)} ${monthName}`;
      case 8:
        return `${two(day)}.${two(month)}.${year}`;
      case 9:
        return `${monthName} ${year}`;
      default:
        return `the ${ordinal(day)} of ${monthName}`;
    }
  }

  private time(): string {
    const hour = this.random.integer(0, 23);
    const minute = this.random.pick([0, 0, 15, 30, 45, this.random.integer(0, 59)]);
    const two = (value: number) => String(value).padStart(2, '0');
    switch (this.random.integer(0, 3)) {
      case 0:
        return `${two(hour)}:${two(minute)}`;
      case 1:
        return `${hour % 12 === 0 ? 12 : hour % 12}:${two(minute)} ${hour < 12 ? 'am' : 'pm'}`;
      case 2:
        return `${hour % 12 === 0 ? 12 : hour % 12}${hour < 12 ? 'am' : 'pm'}`;
      default:
        return `${hour % 12 === 0 ? 12 : hour % 12}:${two(minute)} ${hour < 12 ? 'AM' : 'PM'}`;
    }
  }

  private amount(): string {
    const whole = this.random.chance(0.6) ? this.random.integer(5, 999) : this.random.integer(1000, 250000);
    const cents = this.random.integer(0, 99);
    const grouped = whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    const european = whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
    const two = String(cents).padStart(2, '0');
    switch (this.random.integer(0, 9)) {
      case 0:
      case 1:
        return `$${grouped}.${two}`;
      case 2:
        return `$${grouped}`;
      case 3:
        return `€${grouped}.${two}`;
      case 4:
        return `${european},${two} €`;
      case 5:
        return `£${grouped}`;
      case 6:
        return `USD ${grouped}.${two}`;
      case 7:
        return `₹${grouped}`;
      case 8:
        return `CHF ${grouped}.-`;
      default:
        return `${grouped} EUR`;
    }
  }

  private duration(): string {
    const amount = this.random.integer(2, 12);
    return `${amount} ${this.random.pick(['minutes', 'hours', 'days', 'weeks', 'months', 'years'])}`;
  }

  private reference(): string {
    const prefix = this.random.pick(['INV', 'TCK', 'ORD', 'REF', 'CASE', 'PO', 'ID', 'TKT', 'SR', 'BUG']);
    const separator = this.random.pick(['-', '-', '#', '']);
    return `${prefix}${separator}${this.random.digits(this.random.integer(4, 7))}`;
  }
}
