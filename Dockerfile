# Same pinned requirements and commands as `make run`; keep the two in step.
FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
RUN python -m venv /venv
COPY requirements.txt .
RUN /venv/bin/pip install -r requirements.txt
COPY . .
# collectstatic needs settings that import; the key is only used for this step.
RUN DJANGO_SETTINGS_MODULE=config.settings.production \
    DJANGO_SECRET_KEY=collectstatic-only-not-a-real-key-0123456789abcdefghijklmnop \
    DJANGO_ALLOWED_HOSTS=build \
    /venv/bin/python manage.py collectstatic --noinput --verbosity 0

FROM python:3.11-slim-bookworm
ENV PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    PORT=8000 \
    PATH="/venv/bin:$PATH"
RUN useradd --system --create-home --uid 1000 kepu
WORKDIR /app
COPY --from=build /venv /venv
COPY --from=build --chown=kepu:kepu /app /app
RUN mkdir -p /app/media && chown kepu:kepu /app/media
# Uploaded media outlive the container; back them up with `manage.py backup_site`.
VOLUME ["/app/media"]
USER kepu
EXPOSE 8000
# Migrate, then serve; load demo data explicitly with `manage.py load_demo --force`.
# Run the task worker as a second container of this image with the command
# `python manage.py db_worker --interval 1`: without it no e-mail, webhook or CDN purge is sent.
CMD ["sh", "-c", "python manage.py migrate --noinput && exec gunicorn config.wsgi --bind 0.0.0.0:${PORT} --workers ${WEB_CONCURRENCY:-3} --access-logfile -"]
