import express from 'express';
import { login, requireAdmin, requireUser } from './auth';
import { listBooksByAuthor, searchBooks } from './db';

const app = express();
app.use(express.json());

app.post('/api/login', login);
app.get('/api/books', requireUser, listBooksByAuthor);
app.get('/api/books/search', requireUser, searchBooks);
app.delete('/api/admin/books/:id', requireAdmin, (_req, res) => res.status(204).end());

const port = Number(process.env.PORT ?? 3000);
app.listen(port, () => console.log(`web listening on ${port}`));
