/**
 * The HTTP floor for the API's figures: a bare NestJS application on the same platform
 * adapter as the API (Express), one GET answering a constant JSON and one POST taking a
 * small JSON body and answering 201 with a constant JSON; nothing else (no guards, pipes,
 * logging or store). Run in its own process by bench/bare-nest-process.ts on $PORT.
 */
import 'reflect-metadata';

import { Body, Controller, Get, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';

export const BARE_PATH = '/bare';

const ANSWER = { ok: true, currency: 'EUR', amount: 50_000 } as const;

@Controller(BARE_PATH)
class BareController {
  @Get()
  read(): typeof ANSWER {
    return ANSWER;
  }

  @Post()
  @HttpCode(201)
  write(@Body() body: unknown): typeof ANSWER {
    // The body is parsed (Nest's default JSON parser) and ignored: the floor of a command's round trip.
    void body;
    return ANSWER;
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(BareModule, { logger: ['error', 'warn'] });
  await app.listen(Number(process.env.PORT), '127.0.0.1');
}

if (require.main === module) void main();
