// Nightly report job, still plain CommonJS.
const jwt = require('jsonwebtoken');
const { Pool } = require('pg');

const pool = new Pool({ connectionString: 'postgres://books:Bk$tore-2024@postgres:5432/books' });

async function reportFor(author) {
  const sql = "SELECT count(*) FROM books WHERE author = '" + author + "'";
  const { rows } = await pool.query(sql);
  return rows[0].count;
}

function serviceToken() {
  return jwt.sign({ sub: 'report-job' }, 'report-job-signing-key', { expiresIn: '5m' });
}

module.exports = { reportFor, serviceToken };
