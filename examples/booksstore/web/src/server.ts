import express from 'express';
import { login, refresh, requireAdmin, requireMobileUser, requireUser } from './auth';
import { listBooksByAuthor, reviewsFor, searchBooks } from './db';

const app = express();
app.use(express.json());

app.post('/api/login', login);
app.get('/api/books', requireUser, listBooksByAuthor);
app.get('/api/books/search', requireUser, searchBooks);
app.get('/api/books/:id/reviews', requireUser, reviewsFor);
app.post('/api/refresh', refresh);
app.get('/api/mobile/books', requireMobileUser, listBooksByAuthor);
app.delete('/api/admin/books/:id', requireAdmin, (_req, res) => res.status(204).end());

const port = Number(process.env.PORT ?? 3000);
app.listen(port, () => console.log(`web listening on ${port}`));
