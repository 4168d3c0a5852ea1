/**
 * The demo portal's catalogue: 64 summer courses in 8 categories, built deterministically from
 * tables (no randomness), so every start and every reset gives the same site.
 */

export type Phase = 'lottery' | 'open' | 'closed';

export interface CourseRecord {
  id: string;
  title: string;
  category: string;
  campus: string;
  ageMin: number;
  ageMax: number;
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
  startTime: string;
  endTime: string;
  teacher: string;
  /** Yuan for the whole summer term. */
  fee: number;
  capacity: number;
  seats: number;
  phase: Phase;
}

export const CAMPUSES = ['市少年宫本部', '东城分部', '城西分部', '滨江校区'] as const;

interface CategoryTable {
  prefix: string;
  firstNumber: number;
  category: string;
  /** Eight titles, separated by "|". */
  titles: string;
  teachers: string[];
  /** Eight age ranges: "6-9 5-8 …". */
  ages: string;
  fee: number;
  capacity: number;
  slots: [string, string][];
}

const LONG_SLOTS: [string, string][] = [
  ['08:30', '10:00'],
  ['10:15', '11:45'],
  ['13:30', '15:00'],
  ['15:15', '16:45'],
  ['18:30', '20:00'],
];
const SWIM_SLOTS: [string, string][] = [
  ['08:00', '09:00'],
  ['09:15', '10:15'],
  ['14:00', '15:00'],
  ['16:00', '17:00'],
  ['19:00', '20:00'],
];

// biome-ignore format: one category per line reads as a table
const TABLES: CategoryTable[] = [
  { prefix: 'ART', firstNumber: 101, category: '美术', fee: 680, capacity: 20, slots: LONG_SLOTS,
    titles: '少儿国画（初级）|创意儿童画|素描基础|水彩风景|卡通漫画|少儿国画（中级）|陶艺手作|油画棒创作',
    teachers: ['王老师', '刘老师', '周老师'], ages: '6-9 5-8 9-13 8-12 7-11 8-12 6-10 4-6' },
  { prefix: 'CAL', firstNumber: 101, category: '书法', fee: 560, capacity: 24, slots: LONG_SLOTS,
    titles: '硬笔书法（入门）|软笔书法（楷书）|软笔书法（隶书）|硬笔书法（提高）|篆刻入门|书法与国学|软笔书法（行书）|毛笔字启蒙',
    teachers: ['孙老师', '赵老师'], ages: '6-9 8-12 9-14 8-11 10-15 7-12 10-15 5-7' },
  { prefix: 'DANCE', firstNumber: 101, category: '舞蹈', fee: 760, capacity: 18, slots: LONG_SLOTS,
    titles: '中国舞（一级）|拉丁舞启蒙|芭蕾基础|少儿街舞|中国舞（三级）|民族舞|爵士舞|拉丁舞（提高）',
    teachers: ['林老师', '何老师', '郑老师'], ages: '4-6 5-8 5-9 7-12 7-10 8-12 9-14 8-13' },
  { prefix: 'MUS', firstNumber: 101, category: '音乐', fee: 880, capacity: 12, slots: LONG_SLOTS,
    titles: '钢琴启蒙（小组课）|小提琴入门|少儿合唱团|古筝（初级）|架子鼓|尤克里里|葫芦丝|少儿声乐',
    teachers: ['黄老师', '吴老师', '徐老师'], ages: '5-8 6-10 7-12 6-11 8-14 7-12 7-11 6-10' },
  { prefix: 'SWIM', firstNumber: 201, category: '游泳', fee: 980, capacity: 15, slots: SWIM_SLOTS,
    titles: '蛙泳入门（暑期班）|自由泳提高|蛙泳入门（下午班）|仰泳基础|水中安全与适应|游泳进阶|蝶泳基础|自由泳入门',
    teachers: ['马教练', '高教练', '罗教练'], ages: '6-10 8-13 6-10 7-12 5-7 9-14 10-15 7-11' },
  { prefix: 'CODE', firstNumber: 101, category: '编程', fee: 1180, capacity: 16, slots: LONG_SLOTS,
    titles: 'Scratch 创意编程|Python 趣味编程|乐高机器人|图形化编程（进阶）|信息学奥赛入门（C++）|Arduino 创客|人工智能启蒙|少儿 App 设计',
    teachers: ['梁老师', '宋老师'], ages: '7-10 10-14 6-9 9-12 11-15 10-14 9-13 10-14' },
  { prefix: 'GO', firstNumber: 101, category: '围棋', fee: 620, capacity: 20, slots: LONG_SLOTS,
    titles: '围棋启蒙班|围棋（25级—15级）|围棋（15级—10级）|国际象棋入门|中国象棋|围棋死活专项|五子棋|围棋段位冲刺',
    teachers: ['谢老师', '韩老师'], ages: '5-7 6-9 7-11 6-10 7-12 8-12 5-8 9-14' },
  { prefix: 'SCI', firstNumber: 101, category: '科学', fee: 720, capacity: 20, slots: LONG_SLOTS,
    titles: '趣味科学实验|天文观测入门|航模制作|小小生物学家|化学魔法课|电子积木|3D 打印创意|自然探索营',
    teachers: ['唐老师', '冯老师', '许老师'], ages: '6-9 9-13 9-14 7-10 9-12 7-11 10-14 6-9' },
];

/** Per-category phase pattern (rotated per category): half open, the rest closed or in lottery. */
const PHASES: Phase[] = ['open', 'closed', 'lottery', 'open', 'open', 'closed', 'open', 'lottery'];

/**
 * The courses the docs, config examples and acceptance tests name: ART-101/ART-102/SWIM-201 are full in
 * phase open (so `/__admin/seats` opens them); CAL-101 is open and clashes with ART-101's slot.
 */
const OVERRIDES: Record<string, Partial<CourseRecord>> = {
  'ART-101': {
    campus: '市少年宫本部',
    weekday: 6,
    startTime: '09:00',
    endTime: '10:30',
    teacher: '王老师',
    fee: 680,
    capacity: 20,
    seats: 0,
    phase: 'open',
  },
  'ART-102': {
    campus: '市少年宫本部',
    weekday: 6,
    startTime: '14:00',
    endTime: '15:30',
    seats: 0,
    phase: 'open',
  },
  'SWIM-201': {
    campus: '市少年宫本部',
    weekday: 7,
    startTime: '10:00',
    endTime: '11:00',
    seats: 0,
    phase: 'open',
  },
  'CAL-101': {
    campus: '市少年宫本部',
    weekday: 6,
    startTime: '09:00',
    endTime: '10:30',
    seats: 4,
    phase: 'open',
  },
};

function seatsFor(phase: Phase, capacity: number, categoryIndex: number, index: number): number {
  if (phase === 'closed') return 0;
  if (phase === 'lottery') return capacity;
  // 0..6 seats left, roughly one open course in seven already full.
  return (categoryIndex * 5 + index * 3) % 7;
}

/** A fresh copy of the seed catalogue (callers may mutate it). */
export function seedCourses(): CourseRecord[] {
  const courses: CourseRecord[] = [];
  TABLES.forEach((table, c) => {
    const ages = table.ages.split(' ').map((range) => range.split('-').map(Number));
    table.titles.split('|').forEach((title, i) => {
      const id = `${table.prefix}-${table.firstNumber + i}`;
      const phase = PHASES[(c * 3 + i) % PHASES.length] ?? 'open';
      const [ageMin = 6, ageMax = 12] = ages[i] ?? [];
      const [startTime, endTime] = table.slots[(c + i * 2) % table.slots.length] ?? ['09:00', '10:30'];
      const base: CourseRecord = {
        id,
        title,
        category: table.category,
        campus: CAMPUSES[(c + i) % CAMPUSES.length] ?? CAMPUSES[0],
        ageMin,
        ageMax,
        weekday: ((c * 2 + i) % 7) + 1,
        startTime,
        endTime,
        teacher: table.teachers[i % table.teachers.length] ?? '王老师',
        fee: table.fee + (i % 3) * 60,
        capacity: table.capacity,
        seats: seatsFor(phase, table.capacity, c, i),
        phase,
      };
      courses.push({ ...base, ...OVERRIDES[id] });
    });
  });
  return courses;
}

export const CATEGORIES = TABLES.map((t) => t.category);

/** One line of blurb per category for the course page. */
export const CATEGORY_BLURBS: Record<string, string> = {
  美术: '以观察和动手为主，循序渐进学习造型、色彩与构图，每节课完成一幅作品，结课举办小画展。',
  书法: '从执笔、坐姿和基本笔画练起，临摹经典碑帖，培养专注力与审美，结课可参加少年宫书法展。',
  舞蹈: '按中国舞蹈家协会考级教材授课，注重基本功与身体协调，学期末安排汇报演出。',
  音乐: '小班授课，兼顾乐理、视唱与乐器演奏，鼓励孩子在合奏中体会音乐的乐趣。',
  游泳: '室内恒温泳池，持证教练分组教学，每组不超过 8 人，全程配备救生员。请自备泳衣泳帽。',
  编程: '以项目为驱动，从生活中的小问题出发，学习计算思维与编程基础。请自带笔记本电脑（可借用）。',
  围棋: '讲练结合，每节课包含棋理讲解、实战对弈和复盘，学期末组织少年宫内部升级赛。',
  科学: '动手实验为主，观察、提问、验证，培养科学探究习惯。实验材料由少年宫统一提供。',
};
