/* luac.c: a build tool. Compiles one of medoffice's own host modules
 * (lua/medoffice/NAME.lua) to Lua bytecode with the Lua library the
 * binary links, keeping debug information so that errors still name
 * "[medoffice.NAME]:LINE". The engine loads these trusted modules from
 * bytecode to save parsing at every start; policies, scripts and shell
 * input are always compiled from text (the sandbox refuses bytecode).
 * Usage: luac IN.lua OUT.luac CHUNKNAME. It uses Lua only. */
#include <lauxlib.h>
#include <lua.h>
#include <stdio.h>

static int writer(lua_State *L, const void *p, size_t n, void *ud)
{
	(void)L;
	return fwrite(p, 1, n, ud) == n ? 0 : 1;
}

/* Compiles the text file at path as chunk name; 0 or 1 (printed). */
static int compile(lua_State *L, const char *path, const char *name)
{
	static char buf[1 << 20];
	FILE *in = fopen(path, "rb");
	size_t n = in ? fread(buf, 1, sizeof buf, in) : 0;
	if (in)
		fclose(in);
	if (!in || n == sizeof buf) {
		fprintf(stderr, "luac: cannot read %s (or it is over 1 MiB)\n",
			path);
		return 1;
	}
	if (luaL_loadbufferx(L, buf, n, name, "t") != LUA_OK) {
		fprintf(stderr, "luac: %s\n", lua_tostring(L, -1));
		return 1;
	}
	return 0;
}

/* Writes the function on top as bytecode, with debug information. */
static int dump(lua_State *L, const char *path)
{
	FILE *out = fopen(path, "wb");
	int rc;
	if (!out) {
		perror(path);
		return 1;
	}
	rc = lua_dump(L, writer, out, 0) != 0;
	if (fclose(out) != 0 || rc) {
		fprintf(stderr, "luac: cannot write %s\n", path);
		remove(path);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	lua_State *L;
	int rc;
	if (argc != 4) {
		fprintf(stderr, "usage: luac IN.lua OUT.luac CHUNKNAME\n");
		return 2;
	}
	if (!(L = luaL_newstate()))
		return 1;
	rc = compile(L, argv[1], argv[3]) || dump(L, argv[2]);
	lua_close(L);
	return rc;
}
