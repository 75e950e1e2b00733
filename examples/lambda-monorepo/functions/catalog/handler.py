def handler(event, context):
    return {"function": "catalog", "ok": True}
