/** Fixed views the pictures are drawn from in the reference tests and the bench. */
import type { BoardRow, InsightsView, LeaderboardView, RevealView, StatsView } from '../../src/core/views.ts';

const NAMES = ['Ada 🚀', 'Grace', 'Linus', 'Zoë Ärger', 'Ken', 'Барбара', 'Alan', 'Margaret', 'Dennis', 'Radia Perlman-with-a-very-long-name'];

function row(i: number, rank = i + 1): BoardRow {
  const answered = 20 - i;
  const correct = Math.max(0, answered - i - 2);
  return { rank, userId: `U${i}`, name: NAMES[i % NAMES.length]!, points: 40 - 3 * i, correct, answered, accuracy: correct / answered, streak: Math.max(0, 7 - i) };
}

/** A leaderboard with `players` players: the top ten, and the caller far below when there are many. */
export function board(players: number): LeaderboardView {
  const rows = Array.from({ length: Math.min(10, players) }, (_, i) => row(i));
  const view: LeaderboardView = { kind: 'leaderboard', period: 'week', label: 'this week (since Mon 23 Nov, Europe/Berlin)', rows, players };
  if (players > 10) view.me = { ...row(12, players - 3), name: 'You Yourself', userId: 'me', points: 1 };
  return view;
}

export const stats: StatsView = {
  kind: 'stats',
  userId: 'U1',
  name: 'Zoë 🦊',
  points: 42,
  correct: 30,
  answered: 40,
  accuracy: 0.75,
  streak: 5,
  bestStreak: 9,
  packs: [],
  mastery: [
    { packId: 'ml', title: 'Why ML lifecycle stages in MLOps?', mastery: 0.62, unseen: 0.2 },
    { packId: 'py', title: 'Python basics', mastery: 0.3, unseen: 0.55 },
    { packId: 'k8s', title: 'Kubernetes', mastery: 0, unseen: 1 },
  ],
  reviews: { done: 12, due: 3, nextDue: null },
  calendar: { start: Date.UTC(2026, 9, 5), tz: 'UTC', days: Array.from({ length: 56 }, (_, i) => (i * 7) % 5 === 0 ? 0 : (i * 3) % 6) },
};

export const reveal: RevealView = {
  kind: 'reveal',
  dropId: 17,
  packTitle: 'Why ML lifecycle stages in MLOps?',
  difficulty: 'easy',
  prompt: 'Which stage involves collecting and preparing data for training?',
  options: [
    { letter: 'A', text: 'Model Training', count: 3 },
    { letter: 'B', text: 'Data Preparation', count: 11 },
    { letter: 'C', text: 'Model Monitoring — watching a live model for drift and decay over many months', count: 5 },
    { letter: 'D', text: 'Model Deployment', count: 0 },
  ],
  total: 19,
  winners: ['Ada'],
  moreWinners: 10,
  solution: { correctLetter: 'B', correctText: 'Data Preparation', steps: [], finalAnswer: 'B', quickCheck: '', commonMistakes: [], hint: '' },
};

export const insights: InsightsView = {
  kind: 'insights',
  packId: null,
  hardest: [
    { questionId: 'q1', packTitle: 'ML', prompt: 'Which metric should trigger retraining when the input distribution shifts?', answered: 24, accuracy: 0.21, topWrong: { letter: 'C', text: 'Training loss', n: 12 } },
    { questionId: 'q2', packTitle: 'ML', prompt: 'What does a feature store give you?', answered: 18, accuracy: 0.44, topWrong: { letter: 'A', text: 'Faster GPUs', n: 6 } },
    { questionId: 'q3', packTitle: 'ML', prompt: 'Why version data?', answered: 9, accuracy: 0.67, topWrong: null },
  ],
  hints: [],
  labels: [],
  weeks: ['Mon 5 Oct', 'Mon 12 Oct', 'Mon 19 Oct', 'Mon 26 Oct', 'Mon 2 Nov', 'Mon 9 Nov', 'Mon 16 Nov', 'Mon 23 Nov'].map((label, i) => ({ start: Date.UTC(2026, 9, 5 + 7 * i), label, people: [3, 5, 4, 8, 7, 9, 6, 10][i]!, answers: 10 + i })),
};

/** The weekly summary: last week's board with its champion. */
export const weekly: LeaderboardView = {
  ...board(10),
  label: 'last week (Mon 23 Nov – Sun 29 Nov, UTC) · 👑 champion: Ada 🚀, 40 pts',
  champion: { name: 'Ada 🚀', points: 40 },
};
