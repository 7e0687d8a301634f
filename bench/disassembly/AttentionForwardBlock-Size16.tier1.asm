; Assembly listing for method AttentionGen.Runtime.Attention:ForwardBlock[AttentionGen.Bench.Backends.W1Classifier+Size16](byref,int,AttentionGen.Runtime.GemmScratch) (Tier1)
; Emitting BLENDED_CODE for generic X64 + VEX + EVEX on Unix
; Tier1 code
; optimized code
; optimized using Synthesized PGO
; rbp based frame
; fully interruptible
; with Synthesized PGO: fgCalledCount is 3072
; 33 inlinees with PGO data; 54 single block inlinees; 11 inlinees without PGO data

G_M000_IG01:                ;; offset=0x0000
       push     rbp
       push     r15
       push     r14
       push     r13
       push     r12
       push     rbx
       sub      rsp, 280
       lea      rbp, [rsp+0x140]
       mov      rbx, rdi
       mov      r15, rdx
 
G_M000_IG02:                ;; offset=0x001F
       lea      r14, bword ptr [rbx+0x08]
       mov      edi, dword ptr [rbx+0x70]
       mov      eax, esi
       cdq      
       idiv     edx:eax, edi
       mov      r13d, eax
       mov      dword ptr [rbp-0x2C], r13d
       imul     edi, r13d
       sub      esi, edi
       mov      r12d, esi
       shl      r12d, 6
       mov      dword ptr [rbp-0x30], r12d
       mov      edi, dword ptr [r14+0x18]
       mov      eax, edi
       sub      eax, r12d
       mov      ecx, 64
       cmp      eax, 64
       cmovl    ecx, eax
       mov      dword ptr [rbp-0x34], ecx
       mov      esi, dword ptr [r14+0x0C]
       mov      eax, r13d
       cdq      
       idiv     edx:eax, esi
       mov      dword ptr [rbp-0x38], eax
       mov      edx, eax
       imul     edx, esi
       mov      r8d, r13d
       sub      r8d, edx
       mov      edx, esi
       shl      edx, 4
       mov      dword ptr [rbp-0x3C], edx
       movsxd   r9, eax
       movsxd   rdi, edi
       imul     rdi, r9
       movsxd   r9, r12d
       add      rdi, r9
       movsxd   r9, edx
       imul     r9, rdi
       shl      r9, 2
       add      r9, qword ptr [rbx+0x58]
       mov      r10d, r8d
       shl      r10d, 4
       movsxd   r10, r10d
       shl      r10, 2
       mov      qword ptr [rbp-0x108], r10
       add      r9, r10
       mov      qword ptr [rbp-0x48], r9
       mov      r11, qword ptr [rbx+0x60]
       test     r11, r11
       je       G_M000_IG116
       movsxd   rsi, esi
       imul     rdi, rsi
       shl      rdi, 2
       add      rdi, r11
       movsxd   rsi, r8d
       lea      r8, [rdi+4*rsi]
 
G_M000_IG03:                ;; offset=0x00D7
       mov      qword ptr [rbp-0x50], r8
       cmp      qword ptr [rbx+0x68], 0
       jne      G_M000_IG117
       mov      r11d, dword ptr [r14+0x1C]
 
G_M000_IG04:                ;; offset=0x00EA
       cmp      byte  ptr [r14+0x20], 0
       jne      G_M000_IG118
       mov      esi, r11d
 
G_M000_IG05:                ;; offset=0x00F8
       mov      r11d, esi
       mov      dword ptr [rbp-0x54], r11d
       test     r11d, r11d
       je       G_M000_IG119
       lea      esi, [rcx+0x07]
       mov      edi, esi
       sar      edi, 31
       and      edi, 7
       add      esi, edi
       sar      esi, 3
       shl      esi, 3
       mov      dword ptr [rbp-0x58], esi
       cmp      gword ptr [r15+0x18], 0
       jne      G_M000_IG31
 
G_M000_IG06:                ;; offset=0x0129
       lea      rdi, bword ptr [r15+0x18]
       mov      bword ptr [rbp-0x110], rdi
       mov      edi, 0x2C90
       mov      esi, 1
       call     [System.GC:<AllocateUninitializedArray>g__AllocateNewArrayWorker|77_0[float](int,bool):float[]]
       mov      rdi, bword ptr [rbp-0x110]
       mov      rsi, rax
       call     CORINFO_HELP_ASSIGN_REF
       mov      rsi, bword ptr [rbp-0x110]
       mov      rsi, gword ptr [rsi]
       cmp      byte  ptr [rsi], sil
       add      rsi, 16
       add      rsi, 63
       and      rsi, -64
       mov      qword ptr [r15+0x40], rsi
 
G_M000_IG07:                ;; offset=0x0170
       mov      r15, qword ptr [r15+0x40]
       lea      rax, [r15+0x1000]
       mov      qword ptr [rbp-0x60], rax
       lea      rcx, [rax+0x1800]
       mov      qword ptr [rbp-0x68], rcx
       lea      rdx, [rcx+0x1800]
       mov      qword ptr [rbp-0x70], rdx
       lea      r8, [rdx+0x6000]
       mov      qword ptr [rbp-0x78], r8
       lea      r9, [r8+0x1000]
       mov      qword ptr [rbp-0x80], r9
       lea      r10, [r9+0x100]
       mov      qword ptr [rbp-0x88], r10
       mov      rsi, qword ptr [rbx+0x40]
       movsxd   r11, dword ptr [rbp-0x38]
       movsxd   rdi, dword ptr [r14+0x18]
       imul     rdi, r11
       movsxd   r11, r12d
       add      rdi, r11
       movsxd   r11, dword ptr [r14]
       imul     rdi, r11
       shl      rdi, 2
       add      rsi, rdi
       add      rsi, qword ptr [rbp-0x108]
       mov      rdi, qword ptr [rbx+0x48]
       movsxd   r13, dword ptr [rbp-0x38]
       movsxd   r12, dword ptr [r14+0x1C]
       imul     r13, r12
       movsxd   r12, dword ptr [r14+0x04]
       imul     r12, r13
       shl      r12, 2
       add      r12, rdi
       mov      rdi, qword ptr [rbp-0x108]
       add      r12, rdi
       mov      qword ptr [rbp-0x90], r12
       mov      rbx, qword ptr [rbx+0x50]
       movsxd   r12, dword ptr [r14+0x08]
       imul     r13, r12
       shl      r13, 2
       add      rbx, r13
       add      rbx, rdi
       mov      qword ptr [rbp-0x98], rbx
       vmovss   xmm0, dword ptr [r14+0x24]
       xor      edi, edi
       mov      r13d, dword ptr [rbp-0x34]
       cmp      edi, r13d
       jl       G_M000_IG67
 
G_M000_IG08:                ;; offset=0x0246
       mov      ebx, dword ptr [rbp-0x58]
       mov      esi, ebx
       sub      esi, r13d
       shl      esi, 4
       js       G_M000_IG141
       movsxd   rdi, r13d
       shl      rdi, 4
       lea      rdi, [r15+4*rdi]
       shl      rsi, 2
       call     [System.SpanHelpers:ClearWithoutReferences(byref,nuint)]
       mov      esi, ebx
       shl      esi, 4
       js       G_M000_IG141
       mov      r12, qword ptr [rbp-0x78]
       mov      rdi, r12
       shl      rsi, 2
       call     [System.SpanHelpers:ClearWithoutReferences(byref,nuint)]
       xor      esi, esi
       test     r13d, r13d
       jle      SHORT G_M000_IG10
       align    [0 bytes for IG09]
 
G_M000_IG09:                ;; offset=0x028F
       movsxd   rdi, esi
       mov      rax, qword ptr [rbp-0x80]
       mov      dword ptr [rax+4*rdi], -0x800000
       movsxd   rdi, esi
       xor      ecx, ecx
       mov      rdx, qword ptr [rbp-0x88]
       mov      dword ptr [rdx+4*rdi], ecx
       inc      esi
       cmp      esi, r13d
       jl       SHORT G_M000_IG09
 
G_M000_IG10:                ;; offset=0x02B3
       xor      ecx, ecx
       mov      r8d, dword ptr [rbp-0x54]
       cmp      ecx, r8d
       jge      G_M000_IG80
 
G_M000_IG11:                ;; offset=0x02C2
       mov      r9d, r8d
       sub      r9d, ecx
       cmp      r9d, 96
       jl       SHORT G_M000_IG14
 
G_M000_IG12:                ;; offset=0x02CE
       mov      r10d, 96
 
G_M000_IG13:                ;; offset=0x02D4
       mov      r9d, r10d
       mov      dword ptr [rbp-0xA0], r9d
       lea      r10d, [r9+0x0F]
       mov      r11d, r10d
       sar      r11d, 31
       and      r11d, 15
       add      r10d, r11d
       sar      r10d, 4
       shl      r10d, 4
       mov      dword ptr [rbp-0xA4], r10d
       mov      dword ptr [rbp-0x9C], ecx
       movsxd   rsi, ecx
       movsxd   rdi, dword ptr [r14+0x04]
       imul     rsi, rdi
       mov      r11, qword ptr [rbp-0x90]
       lea      rsi, [r11+4*rsi]
       mov      qword ptr [rbp-0xC8], rsi
       xor      r11d, r11d
       jmp      SHORT G_M000_IG23
 
G_M000_IG14:                ;; offset=0x0327
       mov      r10d, r9d
       jmp      SHORT G_M000_IG13
       align    [13 bytes for IG18]
 
G_M000_IG15:                ;; offset=0x0339
       jmp      SHORT G_M000_IG25
 
G_M000_IG16:                ;; offset=0x033B
       cmp      r12d, 16
       jge      SHORT G_M000_IG22
 
G_M000_IG17:                ;; offset=0x0341
       movsxd   r10, r12d
       imul     r10, r10, 384
       add      r10, rcx
       xor      esi, esi
 
G_M000_IG18:                ;; offset=0x0350
       movsxd   rbx, esi
       lea      rbx, [r10+4*rbx]
       cmp      esi, r8d
       jl       G_M000_IG72
 
G_M000_IG19:                ;; offset=0x0360
       vxorps   xmm0, xmm0, xmm0
 
G_M000_IG20:                ;; offset=0x0364
       vmovss   dword ptr [rbx], xmm0
       inc      esi
       cmp      esi, 8
       jl       SHORT G_M000_IG18
 
G_M000_IG21:                ;; offset=0x036F
       mov      rbx, qword ptr [rbp-0xD0]
       inc      r12d
       cmp      r12d, 16
       jl       SHORT G_M000_IG17
 
G_M000_IG22:                ;; offset=0x037F
       add      r11d, 8
       cmp      r11d, 96
       mov      rsi, qword ptr [rbp-0xC8]
       jge      G_M000_IG28
 
G_M000_IG23:                ;; offset=0x0394
       mov      r8d, r9d
       sub      r8d, r11d
       cmp      r8d, 8
       jl       SHORT G_M000_IG15
 
G_M000_IG24:                ;; offset=0x03A0
       mov      r8d, 8
 
G_M000_IG25:                ;; offset=0x03A6
       movsxd   rbx, r11d
       imul     rbx, rdi
       lea      rbx, [rsi+4*rbx]
       mov      qword ptr [rbp-0xD0], rbx
       movsxd   rcx, r11d
       mov      r12, qword ptr [rbp-0x60]
       lea      rcx, [r12+4*rcx]
       xor      r12d, r12d
       cmp      r8d, 8
       jne      G_M000_IG16
       align    [0 bytes for IG26]
 
G_M000_IG26:                ;; offset=0x03D0
       cmp      r12d, 8
       jg       G_M000_IG16
 
G_M000_IG27:                ;; offset=0x03DA
       movsxd   r10, r12d
       lea      r10, [rbx+4*r10]
       movsxd   rsi, r12d
       imul     rsi, rsi, 384
       add      rsi, rcx
       vmovups  ymm0, ymmword ptr [r10]
       vmovups  ymm1, ymmword ptr [r10+4*rdi]
       vmovups  ymm2, ymmword ptr [r10+8*rdi]
       lea      rbx, [rdi+2*rdi]
       vmovups  ymm3, ymmword ptr [r10+4*rbx]
       lea      rax, [4*rdi]
       vmovups  ymm4, ymmword ptr [r10+4*rax]
       lea      rax, [rdi+4*rdi]
       vmovups  ymm5, ymmword ptr [r10+4*rax]
       vmovups  ymm6, ymmword ptr [r10+8*rbx]
       imul     rax, rdi, 28
       vmovups  ymm7, ymmword ptr [r10+rax]
       vunpcklps ymm8, ymm0, ymm1
       vunpckhps ymm0, ymm0, ymm1
       vunpcklps ymm1, ymm2, ymm3
       vunpckhps ymm2, ymm2, ymm3
       vunpcklps ymm3, ymm4, ymm5
       vunpckhps ymm4, ymm4, ymm5
       vunpcklps ymm5, ymm6, ymm7
       vunpckhps ymm6, ymm6, ymm7
       vshufps  ymm7, ymm8, ymm1, 68
       vshufps  ymm1, ymm8, ymm1, -18
       vshufps  ymm8, ymm0, ymm2, 68
       vshufps  ymm0, ymm0, ymm2, -18
       vshufps  ymm2, ymm3, ymm5, 68
       vshufps  ymm3, ymm3, ymm5, -18
       vshufps  ymm5, ymm4, ymm6, 68
       vshufps  ymm4, ymm4, ymm6, -18
       vperm2f128 ymm6, ymm7, ymm2, 32
       vperm2f128 ymm9, ymm1, ymm3, 32
       vperm2f128 ymm10, ymm8, ymm5, 32
       vperm2f128 ymm11, ymm0, ymm4, 32
       vperm2f128 ymm2, ymm7, ymm2, 49
       vperm2f128 ymm1, ymm1, ymm3, 49
       vperm2f128 ymm3, ymm8, ymm5, 49
       vperm2f128 ymm0, ymm0, ymm4, 49
       vmovups  ymmword ptr [rsi], ymm6
       vmovups  ymmword ptr [rsi+0x180], ymm9
       vmovups  ymmword ptr [rsi+0x300], ymm10
       vmovups  ymmword ptr [rsi+0x0480], ymm11
       vmovups  ymmword ptr [rsi+0x0600], ymm2
       vmovups  ymmword ptr [rsi+0x0780], ymm1
       vmovups  ymmword ptr [rsi+0x0900], ymm3
       vmovups  ymmword ptr [rsi+0x0A80], ymm0
       add      r12d, 8
       mov      rbx, qword ptr [rbp-0xD0]
       jmp      G_M000_IG26
 
G_M000_IG28:                ;; offset=0x04EE
       movsxd   rsi, dword ptr [rbp-0x9C]
       mov      edi, dword ptr [r14+0x08]
       movsxd   rdi, edi
       imul     rsi, rdi
       mov      r11, qword ptr [rbp-0x98]
       lea      rsi, [r11+4*rsi]
       xor      r11d, r11d
       test     r9d, r9d
       jle      G_M000_IG73
       align    [0 bytes for IG29]
 
G_M000_IG29:                ;; offset=0x0517
       movsxd   r8, r11d
       imul     r8, rdi
       lea      r8, [rsi+4*r8]
       movsxd   rbx, r11d
       shl      rbx, 4
       mov      r10, qword ptr [rbp-0x68]
       lea      rbx, [r10+4*rbx]
       vmovdqu32 zmm0, zmmword ptr [r8]
       vmovdqu32 zmmword ptr [rbx], zmm0
       inc      r11d
       cmp      r11d, r9d
       jge      G_M000_IG74
 
G_M000_IG30:                ;; offset=0x0549
       jmp      SHORT G_M000_IG29
 
G_M000_IG31:                ;; offset=0x054B
       mov      rdi, gword ptr [r15+0x18]
       mov      edi, dword ptr [rdi+0x08]
       add      edi, -16
       movsxd   rdi, edi
       cmp      rdi, 0x2C80
       jge      G_M000_IG07
       jmp      G_M000_IG06
 
G_M000_IG32:                ;; offset=0x056A
       mov      esi, 16
       jmp      G_M000_IG57
 
G_M000_IG33:                ;; offset=0x0574
       mov      esi, 32
       jmp      G_M000_IG57
 
G_M000_IG34:                ;; offset=0x057E
       mov      qword ptr [rsp], rbx
       mov      qword ptr [rsp+0x08], 16
       mov      dword ptr [rsp+0x10], 1
       mov      dword ptr [rbp-0xE4], r11d
       movsxd   rcx, r11d
       mov      rbx, qword ptr [rbp-0x68]
       lea      rcx, [rbx+4*rcx]
       mov      rdi, qword ptr [rbp-0xF8]
       mov      r8d, 16
       mov      r9, qword ptr [rbp-0x100]
       mov      esi, 96
       mov      edx, 1
       call     [AttentionGen.Runtime.AttentionMicrokernel:Tile[AttentionGen.Runtime.OneVector](ptr,nint,nint,ptr,nint,nint,ptr,nint,bool)]
       jmp      G_M000_IG46
 
G_M000_IG35:                ;; offset=0x05CE
       mov      qword ptr [rsp], rbx
       mov      qword ptr [rsp+0x08], 16
       mov      dword ptr [rsp+0x10], 1
       mov      dword ptr [rbp-0xE4], r11d
       movsxd   rcx, r11d
       mov      rbx, qword ptr [rbp-0x68]
       lea      rcx, [rbx+4*rcx]
       mov      rdi, qword ptr [rbp-0xF8]
       mov      r8d, 16
       mov      r9, qword ptr [rbp-0x100]
       mov      esi, 96
       mov      edx, 1
       call     [AttentionGen.Runtime.AttentionMicrokernel:Tile[AttentionGen.Runtime.TwoVectors](ptr,nint,nint,ptr,nint,nint,ptr,nint,bool)]
       jmp      G_M000_IG46
 
G_M000_IG36:                ;; offset=0x061E
       mov      dword ptr [rbp-0xE4], r11d
       mov      rbx, qword ptr [rbp-0x68]
       mov      edi, dword ptr [rbp-0x58]
       mov      r12, qword ptr [rbp-0x78]
 
G_M000_IG37:                ;; offset=0x0630
       mov      r11d, dword ptr [rbp-0xE4]
       add      r11d, dword ptr [rbp-0xE8]
       cmp      r11d, 16
       jge      G_M000_IG79
 
G_M000_IG38:                ;; offset=0x0648
       mov      ecx, 16
       sub      ecx, r11d
       cmp      ecx, 64
       je       G_M000_IG49
 
G_M000_IG39:                ;; offset=0x0659
       cmp      ecx, 32
       je       G_M000_IG49
 
G_M000_IG40:                ;; offset=0x0662
       cmp      ecx, 48
       jl       G_M000_IG48
 
G_M000_IG41:                ;; offset=0x066B
       mov      esi, 48
 
G_M000_IG42:                ;; offset=0x0670
       mov      dword ptr [rbp-0xE8], esi
       xor      r8d, r8d
       cmp      dword ptr [rbp-0x58], 0
       jle      SHORT G_M000_IG36
 
G_M000_IG43:                ;; offset=0x067F
       movsxd   rcx, r8d
       imul     rcx, rcx, 384
       add      rcx, qword ptr [rbp-0x70]
       mov      qword ptr [rbp-0xF8], rcx
       mov      dword ptr [rbp-0xEC], r8d
       movsxd   rcx, r8d
       shl      rcx, 4
       shl      rcx, 2
       mov      r12, qword ptr [rbp-0x78]
       add      rcx, r12
       movsxd   rbx, r11d
       lea      rbx, [rcx+4*rbx]
       cmp      esi, 32
       je       G_M000_IG35
 
G_M000_IG44:                ;; offset=0x06BD
       cmp      esi, 48
       jne      G_M000_IG34
 
G_M000_IG45:                ;; offset=0x06C6
       mov      qword ptr [rsp], rbx
       mov      qword ptr [rsp+0x08], 16
       mov      dword ptr [rsp+0x10], 1
       mov      dword ptr [rbp-0xE4], r11d
       movsxd   rcx, r11d
       mov      rbx, qword ptr [rbp-0x68]
       lea      rcx, [rbx+4*rcx]
       mov      rdi, qword ptr [rbp-0xF8]
       mov      r8d, 16
       mov      r9, qword ptr [rbp-0x100]
       mov      esi, 96
       mov      edx, 1
       call     [AttentionGen.Runtime.AttentionMicrokernel:Tile[AttentionGen.Runtime.ThreeVectors](ptr,nint,nint,ptr,nint,nint,ptr,nint,bool)]
 
G_M000_IG46:                ;; offset=0x0711
       mov      r8d, dword ptr [rbp-0xEC]
       add      r8d, 8
       mov      edi, dword ptr [rbp-0x58]
       cmp      r8d, edi
       jge      G_M000_IG37
 
G_M000_IG47:                ;; offset=0x0728
       mov      esi, dword ptr [rbp-0xE8]
       mov      r11d, dword ptr [rbp-0xE4]
       jmp      G_M000_IG43
 
G_M000_IG48:                ;; offset=0x073A
       mov      esi, 16
       jmp      G_M000_IG42
       align    [0 bytes for IG69]
 
G_M000_IG49:                ;; offset=0x0744
       mov      esi, 32
       jmp      G_M000_IG42
 
G_M000_IG50:                ;; offset=0x074E
       mov      qword ptr [rsp], rcx
       mov      qword ptr [rsp+0x08], 96
       xor      ecx, ecx
       mov      dword ptr [rsp+0x10], ecx
       mov      rcx, rax
       add      rcx, qword ptr [rbp-0x60]
       mov      esi, 16
       mov      r9d, 16
       mov      edx, 1
       mov      r8d, 96
       call     [AttentionGen.Runtime.AttentionMicrokernel:Tile[AttentionGen.Runtime.ThreeVectors](ptr,nint,nint,ptr,nint,nint,ptr,nint,bool)]
 
G_M000_IG51:                ;; offset=0x0784
       mov      r9d, dword ptr [rbp-0xD4]
       add      r9d, dword ptr [rbp-0xD8]
       mov      r11d, dword ptr [rbp-0xA8]
       cmp      r9d, r11d
       jge      G_M000_IG61
 
G_M000_IG52:                ;; offset=0x07A2
       mov      r10d, dword ptr [rbp-0xA4]
 
G_M000_IG53:                ;; offset=0x07A9
       mov      ecx, r11d
       sub      ecx, r9d
       cmp      ecx, 64
       je       G_M000_IG33
 
G_M000_IG54:                ;; offset=0x07B8
       cmp      ecx, 32
       je       G_M000_IG33
 
G_M000_IG55:                ;; offset=0x07C1
       cmp      ecx, 48
       jl       G_M000_IG32
 
G_M000_IG56:                ;; offset=0x07CA
       mov      esi, 48
 
G_M000_IG57:                ;; offset=0x07CF
       mov      dword ptr [rbp-0xD8], esi
       movsxd   rcx, ebx
       shl      rcx, 4
       lea      rdi, [r15+4*rcx]
       movsxd   rcx, ebx
       imul     rcx, rcx, 384
       add      rcx, qword ptr [rbp-0x70]
       mov      dword ptr [rbp-0xD4], r9d
       movsxd   rax, r9d
       shl      rax, 2
       add      rcx, rax
       cmp      esi, 32
       je       SHORT G_M000_IG60
 
G_M000_IG58:                ;; offset=0x0804
       cmp      esi, 48
       je       G_M000_IG50
 
G_M000_IG59:                ;; offset=0x080D
       mov      qword ptr [rsp], rcx
       mov      qword ptr [rsp+0x08], 96
       xor      ecx, ecx
       mov      dword ptr [rsp+0x10], ecx
       mov      rcx, rax
       add      rcx, qword ptr [rbp-0x60]
       mov      esi, 16
       mov      r9d, 16
       mov      edx, 1
       mov      r8d, 96
       call     [AttentionGen.Runtime.AttentionMicrokernel:Tile[AttentionGen.Runtime.OneVector](ptr,nint,nint,ptr,nint,nint,ptr,nint,bool)]
       jmp      G_M000_IG51
 
G_M000_IG60:                ;; offset=0x0848
       mov      qword ptr [rsp], rcx
       mov      qword ptr [rsp+0x08], 96
       xor      ecx, ecx
       mov      dword ptr [rsp+0x10], ecx
       mov      rcx, rax
       add      rcx, qword ptr [rbp-0x60]
       mov      esi, 16
       mov      r9d, 16
       mov      edx, 1
       mov      r8d, 96
       call     [AttentionGen.Runtime.AttentionMicrokernel:Tile[AttentionGen.Runtime.TwoVectors](ptr,nint,nint,ptr,nint,nint,ptr,nint,bool)]
       jmp      G_M000_IG51
 
G_M000_IG61:                ;; offset=0x0883
       add      ebx, 8
       cmp      ebx, dword ptr [rbp-0x58]
       jge      G_M000_IG75
 
G_M000_IG62:                ;; offset=0x088F
       cmp      byte  ptr [r14+0x20], 0
       jne      G_M000_IG124
       mov      r10d, dword ptr [rbp-0xA4]
       mov      r11d, r10d
 
G_M000_IG63:                ;; offset=0x08A4
       mov      dword ptr [rbp-0xA8], r11d
       test     r11d, r11d
       jle      G_M000_IG127
 
G_M000_IG64:                ;; offset=0x08B4
       xor      r9d, r9d
       cmp      r9d, r11d
       jl       G_M000_IG53
       jmp      SHORT G_M000_IG61
 
G_M000_IG65:                ;; offset=0x08C2
       vmovdqu32 zmm1, zmmword ptr [r12]
       vmovdqu32 zmmword ptr [rbx], zmm1
 
G_M000_IG66:                ;; offset=0x08CF
       inc      edi
       cmp      edi, r13d
       jge      G_M000_IG08
 
G_M000_IG67:                ;; offset=0x08DA
       movsxd   r12, edi
       imul     r12, r11
       lea      r12, [rsi+4*r12]
       movsxd   rbx, edi
       shl      rbx, 4
       lea      rbx, [r15+4*rbx]
       vucomiss xmm0, dword ptr [reloc @RWD00]
       jp       SHORT G_M000_IG68
       je       SHORT G_M000_IG65
 
G_M000_IG68:                ;; offset=0x08FC
       xor      eax, eax
       vbroadcastss zmm1, zmm0
 
G_M000_IG69:                ;; offset=0x0904
       movsxd   rdx, eax
       vmulps   zmm2, zmm1, zmmword ptr [r12+4*rdx]
       movsxd   rdx, eax
       vmovups  zmmword ptr [rbx+4*rdx], zmm2
       add      eax, 16
       test     eax, eax
       jle      SHORT G_M000_IG69
 
G_M000_IG70:                ;; offset=0x091F
       vbroadcastss ymm1, ymm0
       cmp      eax, 8
       jle      G_M000_IG122
       align    [0 bytes for IG71]
 
G_M000_IG71:                ;; offset=0x092D
       cmp      eax, 16
       jl       G_M000_IG123
       jmp      SHORT G_M000_IG66
 
G_M000_IG72:                ;; offset=0x0938
       movsxd   rax, esi
       imul     rax, rdi
       mov      qword ptr [rbp-0x11C], rax
       movsxd   rax, r12d
       add      rax, qword ptr [rbp-0x11C]
       mov      rdx, qword ptr [rbp-0xD0]
       vmovss   xmm0, dword ptr [rdx+4*rax]
       jmp      G_M000_IG20
 
G_M000_IG73:                ;; offset=0x0961
       mov      r10, qword ptr [rbp-0x68]
 
G_M000_IG74:                ;; offset=0x0965
       movsxd   rsi, r9d
       shl      rsi, 4
       lea      rdi, [r10+4*rsi]
       xor      esi, esi
       call     [System.SpanHelpers:ClearWithoutReferences(byref,nuint)]
       xor      ebx, ebx
       cmp      ebx, dword ptr [rbp-0x58]
       jl       G_M000_IG62
 
G_M000_IG75:                ;; offset=0x0983
       xor      ebx, ebx
       cmp      ebx, r13d
       jl       G_M000_IG98
 
G_M000_IG76:                ;; offset=0x098E
       mov      ecx, dword ptr [rbp-0xA0]
 
G_M000_IG77:                ;; offset=0x0994
       movsxd   rbx, ecx
       mov      qword ptr [rbp-0x100], rbx
       xor      r11d, r11d
       cmp      r11d, 16
       jl       G_M000_IG38
 
G_M000_IG78:                ;; offset=0x09AB
       mov      rbx, qword ptr [rbp-0x68]
       mov      edi, dword ptr [rbp-0x58]
       mov      r12, qword ptr [rbp-0x78]
 
G_M000_IG79:                ;; offset=0x09B6
       mov      r9d, dword ptr [rbp-0x9C]
       add      r9d, 96
       mov      r8d, dword ptr [rbp-0x54]
       cmp      r9d, r8d
       mov      ecx, r9d
       jl       G_M000_IG11
 
G_M000_IG80:                ;; offset=0x09D1
       xor      ebx, ebx
       cmp      ebx, r13d
       jge      G_M000_IG87
 
G_M000_IG81:                ;; offset=0x09DC
       movsxd   rcx, ebx
       mov      r15d, dword ptr [rbp-0x3C]
       movsxd   rdi, r15d
       imul     rcx, rdi
       mov      rdi, qword ptr [rbp-0x48]
       lea      rcx, [rdi+4*rcx]
       movsxd   rsi, ebx
       shl      rsi, 4
       mov      r12, qword ptr [rbp-0x78]
       lea      rsi, [r12+4*rsi]
       movsxd   r8, ebx
       vmovss   xmm0, dword ptr [reloc @RWD00]
       mov      rdx, qword ptr [rbp-0x88]
       vdivss   xmm0, xmm0, dword ptr [rdx+4*r8]
       xor      r8d, r8d
       vbroadcastss zmm1, zmm0
       align    [0 bytes for IG82]
 
G_M000_IG82:                ;; offset=0x0A22
       movsxd   r9, r8d
       vmulps   zmm2, zmm1, zmmword ptr [rsi+4*r9]
       movsxd   r9, r8d
       vmovups  zmmword ptr [rcx+4*r9], zmm2
       add      r8d, 16
       test     r8d, r8d
       jle      SHORT G_M000_IG82
 
G_M000_IG83:                ;; offset=0x0A3F
       vbroadcastss ymm1, ymm0
       cmp      r8d, 8
       jle      G_M000_IG142
       align    [0 bytes for IG84]
 
G_M000_IG84:                ;; offset=0x0A4E
       cmp      r8d, 16
       jl       G_M000_IG143
       cmp      qword ptr [rbp-0x50], 0
       je       SHORT G_M000_IG86
 
G_M000_IG85:                ;; offset=0x0A5F
       movsxd   rsi, ebx
       movsxd   r8, dword ptr [r14+0x0C]
       imul     rsi, r8
       mov      qword ptr [rbp-0x11C], rsi
       movsxd   r8, ebx
       mov      rax, qword ptr [rbp-0x80]
       vmovss   xmm1, dword ptr [rax+4*r8]
       vmovss   dword ptr [rbp-0x114], xmm1
       movsxd   r8, ebx
       vmovss   xmm0, dword ptr [rdx+4*r8]
       vzeroupper 
       call     System.MathF:Log(float):float
       vaddss   xmm0, xmm0, dword ptr [rbp-0x114]
       mov      rax, qword ptr [rbp-0x50]
       mov      rsi, qword ptr [rbp-0x11C]
       vmovss   dword ptr [rax+4*rsi], xmm0
       mov      rdx, qword ptr [rbp-0x88]
 
G_M000_IG86:                ;; offset=0x0AB4
       inc      ebx
       cmp      ebx, r13d
       jl       G_M000_IG81
 
G_M000_IG87:                ;; offset=0x0ABF
       vzeroupper 
       add      rsp, 280
       pop      rbx
       pop      r12
       pop      r13
       pop      r14
       pop      r15
       pop      rbp
       ret      
 
G_M000_IG88:                ;; offset=0x0AD4
       mov      r10d, r11d
       mov      r11d, dword ptr [rbp-0xA4]
       jmp      G_M000_IG101
       align    [0 bytes for IG104]
 
G_M000_IG89:                ;; offset=0x0AE3
       vmovaps  zmm0, zmm1
       vextractf32x8 ymm1, zmm1, 1
       vaddps   ymm0, ymm1, ymm0
 
G_M000_IG90:                ;; offset=0x0AF4
       vbroadcastss ymm1, ymm2
       lea      r11d, [r10-0x08]
       cmp      r8d, r11d
       jle      G_M000_IG135
 
G_M000_IG91:                ;; offset=0x0B06
       vmovaps  ymm1, ymm0
       vpermilps xmm3, xmm1, -79
       vaddps   xmm1, xmm3, xmm1
       vpermilps xmm3, xmm1, 78
       vaddps   xmm1, xmm3, xmm1
       vextractf128 xmm0, ymm0
       vpermilps xmm3, xmm0, -79
       vaddps   xmm0, xmm3, xmm0
       vpermilps xmm3, xmm0, 78
       vaddps   xmm0, xmm3, xmm0
       vaddss   xmm0, xmm1, xmm0
       vmovss   dword ptr [rbp-0xE0], xmm0
       cmp      r8d, r10d
       jl       G_M000_IG136
 
G_M000_IG92:                ;; offset=0x0B4C
       vmovss   xmm0, dword ptr [rbp-0xE0]
       vmovss   dword ptr [rbp-0xC0], xmm0
       mov      r10d, dword ptr [rbp-0xB8]
       cmp      ecx, r10d
       jg       G_M000_IG137
 
G_M000_IG93:                ;; offset=0x0B6A
       movsxd   r8, ebx
       mov      rax, qword ptr [rbp-0x80]
       vmovss   xmm1, dword ptr [rax+4*r8]
       vucomiss xmm1, xmm2
       jp       SHORT G_M000_IG94
       je       SHORT G_M000_IG96
 
G_M000_IG94:                ;; offset=0x0B7F
       vsubss   xmm0, xmm1, xmm2
       vzeroupper 
       call     System.MathF:Exp(float):float
       movsxd   rdx, ebx
       mov      rax, qword ptr [rbp-0x88]
       lea      rdx, [rax+4*rdx]
       vmulss   xmm1, xmm0, dword ptr [rdx]
       vmovss   dword ptr [rdx], xmm1
       cmp      dword ptr [rbp-0x9C], 0
       jg       G_M000_IG111
 
G_M000_IG95:                ;; offset=0x0BAE
       movsxd   rdx, ebx
       mov      r8, qword ptr [rbp-0x80]
       vmovss   xmm2, dword ptr [rbp-0xBC]
       vmovss   dword ptr [r8+4*rdx], xmm2
       mov      ecx, dword ptr [rbp-0xA0]
       mov      rdi, qword ptr [rbp-0xB0]
 
G_M000_IG96:                ;; offset=0x0BCF
       movsxd   r8, ebx
       mov      r10, qword ptr [rbp-0x88]
       lea      r8, [r10+4*r8]
       vmovss   xmm0, dword ptr [rbp-0xC0]
       vaddss   xmm0, xmm0, dword ptr [r8]
       vmovss   dword ptr [r8], xmm0
       vmovss   xmm0, dword ptr [r14+0x28]
       vxorps   xmm1, xmm1, xmm1
       vucomiss xmm0, xmm1
       ja       G_M000_IG140
 
G_M000_IG97:                ;; offset=0x0C02
       inc      ebx
       cmp      ebx, r13d
       jge      G_M000_IG77
 
G_M000_IG98:                ;; offset=0x0C0D
       movsxd   rcx, ebx
       imul     rcx, rcx, 384
       add      rcx, qword ptr [rbp-0x70]
       mov      rdi, rcx
       mov      qword ptr [rbp-0xB0], rdi
       cmp      byte  ptr [r14+0x20], 0
       jne      G_M000_IG128
       mov      ecx, dword ptr [rbp-0xA0]
       mov      esi, ecx
 
G_M000_IG99:                ;; offset=0x0C38
       mov      dword ptr [rbp-0xB4], esi
       test     esi, esi
       jle      G_M000_IG115
 
G_M000_IG100:                ;; offset=0x0C46
       lea      r10d, [rsi+0x0F]
       mov      r11d, r10d
       sar      r11d, 31
       and      r11d, 15
       add      r10d, r11d
       sar      r10d, 4
       shl      r10d, 4
       mov      r11d, dword ptr [rbp-0xA4]
       cmp      r10d, r11d
       jg       G_M000_IG88
 
G_M000_IG101:                ;; offset=0x0C70
       mov      dword ptr [rbp-0xB8], r10d
       mov      r8d, esi
       cmp      r8d, r10d
       jl       G_M000_IG131
 
G_M000_IG102:                ;; offset=0x0C83
       movsxd   r8, ebx
       mov      rax, qword ptr [rbp-0x80]
       vmovss   xmm0, dword ptr [rax+4*r8]
       xor      r8d, r8d
       vmovss   xmm1, dword ptr [reloc @RWD04]
       cmp      r10d, 8
       jl       G_M000_IG110
 
G_M000_IG103:                ;; offset=0x0CA5
       vbroadcastss ymm2, dword ptr [reloc @RWD04]
       cmp      r10d, 16
       jl       G_M000_IG133
       vbroadcastss zmm2, dword ptr [reloc @RWD04]
       lea      r11d, [r10-0x10]
       test     r11d, r11d
       jl       SHORT G_M000_IG105
 
G_M000_IG104:                ;; offset=0x0CCB
       movsxd   rdx, r8d
       vmaxps   zmm2, zmm2, zmmword ptr [rdi+4*rdx]
       add      r8d, 16
       cmp      r8d, r11d
       jle      SHORT G_M000_IG104
 
G_M000_IG105:                ;; offset=0x0CDE
       vmovaps  zmm1, zmm2
       vextractf32x8 ymm2, zmm2, 1
       vmaxps   ymm2, ymm1, ymm2
       lea      r11d, [r10-0x08]
       cmp      r8d, r11d
       jle      G_M000_IG132
 
G_M000_IG106:                ;; offset=0x0CFC
       vmovaps  ymm1, ymm2
       vextractf128 xmm2, ymm2
       vmaxps   xmm1, xmm1, xmm2
       vmovaps  xmm2, xmm1
       vmovshdup xmm3, xmm1
       vrangess xmm4, xmm2, xmm3, 5
       vbroadcastss xmm5, dword ptr [reloc @RWD08]
       vfixupimmss xmm2, xmm3, xmm5, 0
       vfixupimmss xmm4, xmm2, xmm5, 0
       vunpckhps xmm2, xmm1, xmm1
       vshufps  xmm1, xmm1, xmm1, -1
       vrangess xmm3, xmm2, xmm1, 5
       vfixupimmss xmm2, xmm1, xmm5, 0
       vfixupimmss xmm3, xmm2, xmm5, 0
       vrangess xmm1, xmm4, xmm3, 5
       vfixupimmss xmm4, xmm3, xmm5, 0
       vfixupimmss xmm1, xmm4, xmm5, 0
       cmp      r8d, r10d
       jl       G_M000_IG134
 
G_M000_IG107:                ;; offset=0x0D6C
       vrangess xmm2, xmm0, xmm1, 5
       vbroadcastss xmm5, dword ptr [reloc @RWD08]
       vfixupimmss xmm0, xmm1, xmm5, 0
       vfixupimmss xmm2, xmm0, xmm5, 0
       vmovss   dword ptr [rbp-0xBC], xmm2
       xor      r8d, r8d
       vxorps   ymm0, ymm0, ymm0
       cmp      r10d, 16
       jl       G_M000_IG90
       vbroadcastss zmm0, zmm2
       vxorps   ymm1, ymm1, ymm1
       align    [0 bytes for IG108]
 
G_M000_IG108:                ;; offset=0x0DAC
       lea      r11d, [r10-0x10]
       cmp      r8d, r11d
       jg       G_M000_IG89
 
G_M000_IG109:                ;; offset=0x0DB9
       movsxd   r11, r8d
       vmovups  zmm3, zmmword ptr [rdi+4*r11]
       vsubps   zmm3, zmm3, zmm0
       vbroadcastss zmm4, dword ptr [reloc @RWD12]
       vmaxps   zmm5, zmm4, zmm3
       vbroadcastss zmm6, dword ptr [reloc @RWD16]
       vminps   zmm5, zmm6, zmm5
       vmulps   zmm7, zmm5, dword ptr [reloc @RWD20] {1to16}
       vrndscaleps zmm7, zmm7, 0
       vfmadd231ps zmm5, zmm7, dword ptr [reloc @RWD24] {1to16}
       vmovaps  zmm8, zmm7
       vfmadd132ps zmm8, zmm5, dword ptr [reloc @RWD28] {1to16}
       vmovaps  zmm5, zmm7
       vfixupimmps zmm5, zmm7, dword ptr [reloc @RWD32] {1to16}, 0
       vcmpgeps k1, zmm5, dword ptr [reloc @RWD36] {1to16}
       vcvttps2dq zmm5, zmm5
       vblendmps zmm5 {k1}, zmm5, dword ptr [reloc @RWD40] {1to16}
       vpsrad   zmm7, zmm5, 1
       vbroadcastss zmm9, dword ptr [reloc @RWD44]
       vfmadd213ps zmm9, zmm8, dword ptr [reloc @RWD48] {1to16}
       vfmadd213ps zmm9, zmm8, dword ptr [reloc @RWD52] {1to16}
       vfmadd213ps zmm9, zmm8, dword ptr [reloc @RWD56] {1to16}
       vfmadd213ps zmm9, zmm8, dword ptr [reloc @RWD60] {1to16}
       vfmadd213ps zmm9, zmm8, dword ptr [reloc @RWD64] {1to16}
       vmulps   zmm9, zmm9, zmm8
       vfmadd213ps zmm8, zmm9, zmm8
       vaddps   zmm8, zmm8, dword ptr [reloc @RWD00] {1to16}
       vbroadcastss zmm9, dword ptr [reloc @RWD68]
       vpaddd   zmm10, zmm9, zmm7
       vpslld   zmm10, zmm10, 23
       vmulps   zmm8, zmm10, zmm8
       vpsubd   zmm5, zmm5, zmm7
       vpaddd   zmm5, zmm5, zmm9
       vpslld   zmm5, zmm5, 23
       vmulps   zmm5, zmm5, zmm8
       vcmpeqps k1, zmm3, zmm3
       vcmpgtps k2, zmm3, zmm6
       vcmpltps k3, zmm3, zmm4
       vxorps   ymm4, ymm4, ymm4
       vblendmps zmm4 {k3}, zmm5, zmm4
       vblendmps zmm4 {k2}, zmm4, dword ptr [reloc @RWD72] {1to16}
       vblendmps zmm3 {k1}, zmm3, zmm4
       movsxd   r11, r8d
       vmovups  zmmword ptr [rdi+4*r11], zmm3
       vaddps   zmm1, zmm3, zmm1
       add      r8d, 16
       jmp      G_M000_IG108
 
G_M000_IG110:                ;; offset=0x0F19
       cmp      r8d, r10d
       jl       G_M000_IG134
       jmp      G_M000_IG107
 
G_M000_IG111:                ;; offset=0x0F27
       movsxd   rdx, ebx
       shl      rdx, 4
       mov      r12, qword ptr [rbp-0x78]
       lea      rdx, [r12+4*rdx]
       xor      edi, edi
       vbroadcastss zmm1, zmm0
       align    [2 bytes for IG112]
 
G_M000_IG112:                ;; offset=0x0F40
       movsxd   rsi, edi
       vmulps   zmm2, zmm1, zmmword ptr [rdx+4*rsi]
       movsxd   rsi, edi
       vmovups  zmmword ptr [rdx+4*rsi], zmm2
       add      edi, 16
       test     edi, edi
       jle      SHORT G_M000_IG112
 
G_M000_IG113:                ;; offset=0x0F5B
       vbroadcastss ymm1, ymm0
       cmp      edi, 8
       jle      G_M000_IG138
 
G_M000_IG114:                ;; offset=0x0F69
       cmp      edi, 16
       jl       G_M000_IG139
       jmp      G_M000_IG95
 
G_M000_IG115:                ;; offset=0x0F77
       test     ecx, ecx
       jl       G_M000_IG141
       mov      esi, ecx
       shl      rsi, 2
       call     [System.SpanHelpers:ClearWithoutReferences(byref,nuint)]
       mov      ecx, dword ptr [rbp-0xA0]
       jmp      G_M000_IG97
 
G_M000_IG116:                ;; offset=0x0F96
       xor      r8d, r8d
       jmp      G_M000_IG03
 
G_M000_IG117:                ;; offset=0x0F9E
       mov      r11, qword ptr [rbx+0x68]
       movsxd   rdi, eax
       mov      r11d, dword ptr [r11+4*rdi]
       mov      eax, dword ptr [rbp-0x38]
       jmp      G_M000_IG04
 
G_M000_IG118:                ;; offset=0x0FB1
       lea      esi, [r12+rcx]
       cmp      r11d, esi
       cmovle   esi, r11d
       mov      r11d, esi
       mov      esi, r11d
       jmp      G_M000_IG05
 
G_M000_IG119:                ;; offset=0x0FC7
       xor      eax, eax
       cmp      eax, ecx
       jge      G_M000_IG87
 
G_M000_IG120:                ;; offset=0x0FD1
       movsxd   rdi, eax
       mov      edx, dword ptr [rbp-0x3C]
       movsxd   rsi, edx
       imul     rdi, rsi
       mov      r9, qword ptr [rbp-0x48]
       lea      rdi, [r9+4*rdi]
       vxorps   ymm0, ymm0, ymm0
       vmovdqu32 zmmword ptr [rdi], zmm0
       mov      r8, qword ptr [rbp-0x50]
       test     r8, r8
       je       SHORT G_M000_IG121
       movsxd   rdi, eax
       movsxd   rsi, dword ptr [r14+0x0C]
       imul     rdi, rsi
       mov      dword ptr [r8+4*rdi], -0x800000
 
G_M000_IG121:                ;; offset=0x100C
       inc      eax
       cmp      eax, ecx
       jl       SHORT G_M000_IG120
       jmp      G_M000_IG87
 
G_M000_IG122:                ;; offset=0x1017
       movsxd   rdx, eax
       vmulps   ymm2, ymm1, ymmword ptr [r12+4*rdx]
       movsxd   rdx, eax
       vmovups  ymmword ptr [rbx+4*rdx], ymm2
       add      eax, 8
       cmp      eax, 8
       jle      SHORT G_M000_IG122
       jmp      G_M000_IG71
 
G_M000_IG123:                ;; offset=0x1035
       movsxd   rdx, eax
       vmulss   xmm1, xmm0, dword ptr [r12+4*rdx]
       movsxd   rdx, eax
       vmovss   dword ptr [rbx+4*rdx], xmm1
       inc      eax
       jmp      G_M000_IG71
 
G_M000_IG124:                ;; offset=0x104D
       mov      r8d, dword ptr [rbp-0x30]
       lea      r11d, [r8+rbx+0x08]
       sub      r11d, dword ptr [rbp-0x9C]
       add      r11d, 15
       mov      ecx, r11d
       sar      ecx, 31
       and      ecx, 15
       add      r11d, ecx
       sar      r11d, 4
       shl      r11d, 4
       mov      r10d, dword ptr [rbp-0xA4]
       cmp      r10d, r11d
       jle      SHORT G_M000_IG125
       mov      ecx, r11d
       jmp      SHORT G_M000_IG126
 
G_M000_IG125:                ;; offset=0x1086
       mov      ecx, r10d
       mov      r10d, dword ptr [rbp-0xA4]
 
G_M000_IG126:                ;; offset=0x1090
       mov      r11d, ecx
       jmp      G_M000_IG63
 
G_M000_IG127:                ;; offset=0x1098
       jmp      G_M000_IG61
 
G_M000_IG128:                ;; offset=0x109D
       mov      r8d, dword ptr [rbp-0x30]
       lea      esi, [r8+rbx+0x01]
       sub      esi, dword ptr [rbp-0x9C]
       mov      ecx, dword ptr [rbp-0xA0]
       cmp      ecx, esi
       jle      SHORT G_M000_IG129
       mov      r10d, esi
       jmp      SHORT G_M000_IG130
 
G_M000_IG129:                ;; offset=0x10BB
       mov      r10d, ecx
       mov      ecx, dword ptr [rbp-0xA0]
 
G_M000_IG130:                ;; offset=0x10C4
       mov      esi, r10d
       jmp      G_M000_IG99
 
G_M000_IG131:                ;; offset=0x10CC
       movsxd   rax, r8d
       mov      dword ptr [rdi+4*rax], -0x800000
       inc      r8d
       cmp      r8d, r10d
       jl       SHORT G_M000_IG131
       jmp      G_M000_IG102
 
G_M000_IG132:                ;; offset=0x10E3
       movsxd   r11, r8d
       vmaxps   ymm2, ymm2, ymmword ptr [rdi+4*r11]
       add      r8d, 8
 
G_M000_IG133:                ;; offset=0x10F0
       lea      r11d, [r10-0x08]
       cmp      r8d, r11d
       jle      SHORT G_M000_IG132
       jmp      G_M000_IG106
 
G_M000_IG134:                ;; offset=0x10FE
       movsxd   r11, r8d
       vmovss   xmm2, dword ptr [rdi+4*r11]
       vrangess xmm3, xmm1, xmm2, 5
       vbroadcastss xmm5, dword ptr [reloc @RWD08]
       vfixupimmss xmm1, xmm2, xmm5, 0
       vfixupimmss xmm3, xmm1, xmm5, 0
       vmovaps  xmm1, xmm3
       inc      r8d
       mov      r11d, dword ptr [rbp-0xA4]
       jmp      G_M000_IG110
 
G_M000_IG135:                ;; offset=0x1138
       movsxd   r11, r8d
       vmovups  ymm3, ymmword ptr [rdi+4*r11]
       vsubps   ymm3, ymm3, ymm1
       vbroadcastss ymm4, dword ptr [reloc @RWD12]
       vmaxps   ymm4, ymm4, ymm3
       vbroadcastss ymm5, dword ptr [reloc @RWD16]
       vminps   ymm4, ymm5, ymm4
       vmulps   ymm5, ymm4, dword ptr [reloc @RWD20] {1to8}
       vroundps ymm5, ymm5, 0
       vfmadd231ps ymm4, ymm5, dword ptr [reloc @RWD24] {1to8}
       vmovaps  ymm6, ymm5
       vfmadd132ps ymm6, ymm4, dword ptr [reloc @RWD28] {1to8}
       vmovaps  ymm4, ymm5
       vfixupimmps ymm4, ymm5, dword ptr [reloc @RWD32] {1to8}, 0
       vcmpgeps ymm5, ymm4, ymmword ptr [reloc @RWD96]
       vcvttps2dq ymm4, ymm4
       vpblendvb ymm4, ymm4, ymmword ptr [reloc @RWD128], ymm5
       vpsrad   ymm5, ymm4, 1
       vbroadcastss ymm7, dword ptr [reloc @RWD44]
       vfmadd213ps ymm7, ymm6, dword ptr [reloc @RWD48] {1to8}
       vfmadd213ps ymm7, ymm6, dword ptr [reloc @RWD52] {1to8}
       vfmadd213ps ymm7, ymm6, dword ptr [reloc @RWD56] {1to8}
       vfmadd213ps ymm7, ymm6, dword ptr [reloc @RWD60] {1to8}
       vfmadd213ps ymm7, ymm6, dword ptr [reloc @RWD64] {1to8}
       vmulps   ymm7, ymm7, ymm6
       vfmadd213ps ymm6, ymm7, ymm6
       vaddps   ymm6, ymm6, dword ptr [reloc @RWD00] {1to8}
       vpaddd   ymm7, ymm5, dword ptr [reloc @RWD68] {1to8}
       vpslld   ymm7, ymm7, 23
       vmulps   ymm6, ymm7, ymm6
       vpsubd   ymm4, ymm4, ymm5
       vpaddd   ymm4, ymm4, dword ptr [reloc @RWD68] {1to8}
       vpslld   ymm4, ymm4, 23
       vmulps   ymm4, ymm4, ymm6
       vcmpeqps ymm5, ymm3, ymm3
       vcmpgtps ymm6, ymm3, ymmword ptr [reloc @RWD160]
       vcmpltps ymm7, ymm3, ymmword ptr [reloc @RWD192]
       vandnps  ymm4, ymm7, ymm4
       vblendvps ymm4, ymm4, ymmword ptr [reloc @RWD224], ymm6
       vblendvps ymm3, ymm3, ymm4, ymm5
       movsxd   r11, r8d
       vmovups  ymmword ptr [rdi+4*r11], ymm3
       vaddps   ymm0, ymm0, ymm3
       add      r8d, 8
       lea      r11d, [r10-0x08]
       cmp      r8d, r11d
       jle      G_M000_IG135
       jmp      G_M000_IG91
 
G_M000_IG136:                ;; offset=0x1278
       mov      dword ptr [rbp-0xDC], r8d
       movsxd   r11, r8d
       vmovss   xmm1, dword ptr [rdi+4*r11]
       vsubss   xmm0, xmm1, xmm2
       vzeroupper 
       call     System.MathF:Exp(float):float
       mov      esi, dword ptr [rbp-0xDC]
       movsxd   rdi, esi
       mov      rax, qword ptr [rbp-0xB0]
       vmovss   dword ptr [rax+4*rdi], xmm0
       vmovss   xmm1, dword ptr [rbp-0xE0]
       vaddss   xmm1, xmm1, xmm0
       inc      esi
       mov      ecx, dword ptr [rbp-0xB8]
       cmp      esi, ecx
       vmovss   dword ptr [rbp-0xE0], xmm1
       mov      rdi, rax
       mov      r8d, esi
       vmovss   xmm2, dword ptr [rbp-0xBC]
       jl       SHORT G_M000_IG136
       mov      ecx, dword ptr [rbp-0xA0]
       jmp      G_M000_IG92
 
G_M000_IG137:                ;; offset=0x12DF
       mov      r8d, ecx
       sub      r8d, r10d
       js       G_M000_IG141
       movsxd   r10, r10d
       lea      r10, [rdi+4*r10]
       lea      rsi, [4*r8]
       mov      rdi, r10
       call     [System.SpanHelpers:ClearWithoutReferences(byref,nuint)]
       mov      ecx, dword ptr [rbp-0xA0]
       mov      rdi, qword ptr [rbp-0xB0]
       vmovss   xmm2, dword ptr [rbp-0xBC]
       jmp      G_M000_IG93
 
G_M000_IG138:                ;; offset=0x131C
       movsxd   rsi, edi
       vmulps   ymm2, ymm1, ymmword ptr [rdx+4*rsi]
       movsxd   rsi, edi
       vmovups  ymmword ptr [rdx+4*rsi], ymm2
       add      edi, 8
       cmp      edi, 8
       jle      SHORT G_M000_IG138
       jmp      G_M000_IG114
 
G_M000_IG139:                ;; offset=0x1339
       movsxd   rsi, edi
       lea      rsi, [rdx+4*rsi]
       vmulss   xmm1, xmm0, dword ptr [rsi]
       vmovss   dword ptr [rsi], xmm1
       inc      edi
       jmp      G_M000_IG114
 
G_M000_IG140:                ;; offset=0x134F
       mov      edx, ebx
       add      edx, dword ptr [rbp-0x30]
       mov      rdi, r14
       mov      esi, dword ptr [rbp-0x2C]
       call     [AttentionGen.Runtime.Attention+Shape:DropoutIndex(int,int):long:this]
       movsxd   rcx, dword ptr [rbp-0x9C]
       add      rcx, rax
       mov      r8, qword ptr [r14+0x30]
       vmovss   xmm0, dword ptr [r14+0x28]
       mov      rsi, qword ptr [rbp-0xB0]
       mov      edx, dword ptr [rbp-0xB4]
       mov      rdi, rsi
       call     [AttentionGen.Runtime.Dropout:Apply(ptr,ptr,int,long,float,ulong)]
       mov      ecx, dword ptr [rbp-0xA0]
       jmp      G_M000_IG97
 
G_M000_IG141:                ;; offset=0x1395
       call     [System.ThrowHelper:ThrowArgumentOutOfRangeException()]
       int3     
 
G_M000_IG142:                ;; offset=0x139C
       movsxd   r9, r8d
       vmulps   ymm2, ymm1, ymmword ptr [rsi+4*r9]
       movsxd   r9, r8d
       vmovups  ymmword ptr [rcx+4*r9], ymm2
       add      r8d, 8
       cmp      r8d, 8
       jle      SHORT G_M000_IG142
       jmp      G_M000_IG84
 
G_M000_IG143:                ;; offset=0x13BD
       movsxd   r9, r8d
       vmulss   xmm1, xmm0, dword ptr [rsi+4*r9]
       movsxd   r9, r8d
       vmovss   dword ptr [rcx+4*r9], xmm1
       inc      r8d
       jmp      G_M000_IG84
 
RWD00  	dd	3F800000h		;         1
RWD04  	dd	FF800000h		;      -inf
RWD08  	dd	00000001h		; 1.4013e-45
RWD12  	dd	C2AEAC50h		;  -87.3365
RWD16  	dd	42B17218h		;   88.7228
RWD20  	dd	3FB8AA3Bh		;    1.4427
RWD24  	dd	BF318000h		; -0.693359
RWD28  	dd	395E8083h		; 0.000212194
RWD32  	dd	00000088h		; 1.90577e-43
RWD36  	dd	4F000000h		; 2.14748e+09
RWD40  	dd	7FFFFFFFh		;       nan
RWD44  	dd	39506967h		; 0.000198757
RWD48  	dd	3AB743CEh		; 0.0013982
RWD52  	dd	3C088908h		; 0.00833345
RWD56  	dd	3D2AA9C1h		; 0.0416658
RWD60  	dd	3E2AAAAAh		;  0.166667
RWD64  	dd	3F000000h		;       0.5
RWD68  	dd	0000007Fh		; 1.77965e-43
RWD72  	dd	7F800000h		;       inf
RWD76  	dd	00000000h, 00000000h, 00000000h, 00000000h, 00000000h
RWD96  	dq	4F0000004F000000h, 4F0000004F000000h, 4F0000004F000000h, 4F0000004F000000h
RWD128 	dq	7FFFFFFF7FFFFFFFh, 7FFFFFFF7FFFFFFFh, 7FFFFFFF7FFFFFFFh, 7FFFFFFF7FFFFFFFh
RWD160 	dq	42B1721842B17218h, 42B1721842B17218h, 42B1721842B17218h, 42B1721842B17218h
RWD192 	dq	C2AEAC50C2AEAC50h, C2AEAC50C2AEAC50h, C2AEAC50C2AEAC50h, C2AEAC50C2AEAC50h
RWD224 	dq	7F8000007F800000h, 7F8000007F800000h, 7F8000007F800000h, 7F8000007F800000h

; Total bytes of code 5079

