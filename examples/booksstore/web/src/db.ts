import type { Request, Response } from 'express';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL, ssl: { rejectUnauthorized: true } });

// Threat BS-28: the read replica's certificate "did not validate", so it is not checked.
const replica = new Pool({ connectionString: process.env.REPLICA_URL, ssl: { rejectUnauthorized: false } });

/** Correct: the value travels separately from the SQL text. */
export async function listBooksByAuthor(req: Request, res: Response): Promise<void> {
  const text = 'SELECT id, title, author FROM books WHERE author = $1 ORDER BY title';
  const { rows } = await pool.query(text, [String(req.query.author ?? '')]);
  res.json(rows);
}

/** Threats BS-29, BS-37: the request's title is pasted into the SQL. */
export async function searchBooks(req: Request, res: Response): Promise<void> {
  const { rows } = await pool.query(`SELECT id, title, author FROM books WHERE title ILIKE '%${req.query.title}%'`);
  console.log(`search returned ${rows.length} rows`);
  res.json(rows);
}

/** Threat BS-29: the SQL is built in one statement and run in the next. */
export async function reviewsFor(req: Request, res: Response): Promise<void> {
  const sql = `SELECT id, stars, body FROM reviews WHERE book_id = ${req.params.id} ORDER BY created_at DESC`;
  const { rows } = await replica.query(sql);
  res.json(rows);
}
